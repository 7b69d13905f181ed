/**
 * @module Stage: read the body once, bounded (input/read.ts), for routes that inspect it. Others stream through.
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { isForm } from '../input/body'
import { readRequestBody } from '../input/read'
import { inputDenial } from '../input/reasons'
import { NO_FINDINGS, type GatewayEnv } from './types'

/** Methods whose bodies are neither read nor forwarded (a body there would skip inspection). */
export const BODYLESS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Whether this request's body must be buffered: for schema or screening, and always for a form
 * body, which may carry a second copy of the token (RFC 6750 §2.2) that must never be forwarded.
 */
export function inspectsBody(c: Context<GatewayEnv>): boolean {
  if (BODYLESS.has(c.req.method) || c.req.raw.body === null) return false
  const route = c.get('route')
  return route.screening !== 'off' || route.schema !== undefined || isForm(c.req.header('content-type'))
}

export const readBody = createMiddleware<GatewayEnv>(async (c, next) => {
  if (!c.get('inspection')?.rejection && inspectsBody(c)) {
    const { maxBytes, readTimeoutMs } = c.get('config').body
    const result = await readRequestBody(c.req.raw, maxBytes, readTimeoutMs)
    // Rejections are recorded, not thrown: the guard still counts them as pressure (DESIGN.md).
    if (!result.ok) c.set('inspection', { screening: NO_FINDINGS, rejection: inputDenial(result.reason) })
    else c.set('body', { bytes: result.bytes })
  }
  await next()
})
