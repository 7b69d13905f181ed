/**
 * @module Stage: read the body once, bounded, for routes that inspect it. Others stream through.
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { deny, type DenialError } from '../errors/denial'
import { readBounded } from '../proxy/read-bounded'
import { NO_FINDINGS, type GatewayEnv } from './types'

/** Methods whose bodies are neither read nor forwarded (a body there would skip inspection). */
export const BODYLESS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

export function declaredLength(headers: Headers): number | undefined {
  const v = headers.get('content-length')
  if (v === null || !/^\d{1,15}$/.test(v)) return undefined
  return Number(v)
}

/** Whether this request's body must be buffered for inspection (schema or screening). */
export function inspectsBody(c: Context<GatewayEnv>): boolean {
  if (BODYLESS.has(c.req.method) || c.req.raw.body === null) return false
  const route = c.get('route')
  return route.screening !== 'off' || route.schema !== undefined
}

/** A failed bounded read as a denial: a stalled body is a timeout (408), anything else too large (413). */
export function bodyReadDenial(reason: 'too_large' | 'read_error' | 'timeout', prefix = ''): DenialError {
  return reason === 'timeout' ? deny('BODY_TIMEOUT', `${prefix}body_read_timeout`) : deny('BODY_TOO_LARGE', `${prefix}${reason}`)
}

export const readBody = createMiddleware<GatewayEnv>(async (c, next) => {
  if (!c.get('inspection')?.rejection && inspectsBody(c)) {
    const { maxBytes, readTimeoutMs } = c.get('config').body
    const result = await readBounded(c.req.raw.body, maxBytes, declaredLength(c.req.raw.headers), readTimeoutMs)
    // Rejections are recorded, not thrown: the guard still counts them as pressure (DESIGN.md).
    if (!result.ok) c.set('inspection', { screening: NO_FINDINGS, rejection: bodyReadDenial(result.reason) })
    else c.set('body', { bytes: result.bytes })
  }
  await next()
})
