/**
 * @module Stage (terminal): forward the clean request to the origin and stream the answer back.
 *
 * The origin receives the normalised path (the spelling that was matched), Tollgate's identity
 * headers and none of the agent's credentials. `redirect: 'manual'` hands 3xx to the agent
 * instead of following them from the edge (no SSRF via origin redirects).
 */
import { createMiddleware } from 'hono/factory'
import { deny } from '../errors/denial'
import { clientResponseHeaders, originRequestHeaders } from '../proxy/headers'
import { declaredLength, limitStream } from '../input/read'
import { BODYLESS } from './read-body'
import type { GatewayEnv } from './types'

const SERVICE_BASE = 'https://origin.internal'

export function originUrl(base: URL | undefined, path: string, search: string): URL {
  if (!base) return new URL(path + search, SERVICE_BASE)
  const prefix = base.pathname.replace(/\/+$/, '')
  return new URL(prefix + path + search, base.origin)
}

export const forward = createMiddleware<GatewayEnv>(async (c) => {
  const config = c.get('config')
  const principal = c.get('principal')
  const requestId = c.get('requestId')
  const incoming = c.get('url')
  const target = originUrl(config.origin.url, c.get('path'), incoming.search)
  const headers = originRequestHeaders(c.req.raw.headers, principal, requestId)
  let body: BodyInit | null = null
  let tooLarge = false
  if (c.get('body')) {
    body = c.get('body').bytes
    headers.set('content-length', String(c.get('body').bytes.byteLength))
  } else if (c.req.raw.body && !BODYLESS.has(c.req.method)) {
    const declared = declaredLength(c.req.raw.headers)
    if (declared !== undefined && declared > config.body.maxBytes) throw deny('BODY_TOO_LARGE', 'declared_length')
    body = limitStream(c.req.raw.body, config.body.maxBytes, () => (tooLarge = true))
  }
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), config.origin.timeoutMs)
  let response: Response
  try {
    const request = new Request(target, { method: c.req.method, headers, body, redirect: 'manual', signal: controller.signal })
    response = config.origin.binding ? await config.origin.binding.fetch(request) : await fetch(request)
  } catch (error) {
    if (tooLarge) throw deny('BODY_TOO_LARGE', 'streamed_over_limit')
    if (controller.signal.aborted) throw deny('ORIGIN_TIMEOUT', 'origin_header_timeout', { retryAfterSeconds: 5 })
    throw deny('ORIGIN_UNAVAILABLE', error instanceof Error ? error.name : 'fetch_failed', { retryAfterSeconds: 5 })
  } finally {
    // The timeout bounds the wait for response headers; a streaming body (SSE) may then run long.
    clearTimeout(timer)
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: clientResponseHeaders(response.headers) })
})
