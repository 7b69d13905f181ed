/**
 * @module One admin or console authentication attempt, counted against the failure limit (fail closed).
 *
 * Shared by the admin API (bearer ADMIN_TOKEN), the console login form and Cloudflare Access
 * assertions, so every way in draws on the same budget of failures (issue 12 item 13).
 */
import type { Context } from 'hono'
import { deny } from '../errors/denial'
import { addressKey, clientAddress } from '../lib/client-address'
import type { GatewayEnv } from '../pipeline/types'
import { log } from '../telemetry/log'
import { Unavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../clients/deadline'
import type { AdminAcquire } from './auth-limit'

export type AttemptResult = { readonly ok: true } | { readonly ok: false; readonly throttled?: number }

/**
 * Counts the attempt, runs `verify`, and refunds the attempt when it succeeds. Throttled attempts
 * never reach `verify`. The limiter unreachable → ADMIN_AUTH_UNAVAILABLE: nothing is checked.
 */
export async function adminAttempt(c: Context<GatewayEnv>, verify: () => Promise<boolean>): Promise<AttemptResult> {
  const config = c.get('config')
  const limiter = config.console.limiter
  if (!limiter) throw deny('GATEWAY_MISCONFIGURED', 'admin_auth_limiter_missing')
  const address = addressKey(clientAddress(c.req.raw.headers))
  let acquired: AdminAcquire
  try {
    acquired = await limiter.acquire(address, config.console.lockout)
  } catch (error) {
    log({ event: 'admin_limiter_failed', requestId: c.get('requestId'), error: error instanceof Unavailable ? error.reason : 'unknown' })
    throw deny('ADMIN_AUTH_UNAVAILABLE', 'admin_limiter_unavailable', { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS })
  }
  if (!acquired.allowed) {
    log({ event: 'admin_auth_throttled', requestId: c.get('requestId'), scope: acquired.scope, retryAfterSeconds: acquired.retryAfterSeconds })
    return { ok: false, throttled: acquired.retryAfterSeconds }
  }
  if (!(await verify())) return { ok: false }
  try {
    await limiter.release(acquired.ticket)
  } catch {
    // The success stands; the attempt stays counted until it leaves the window (conservative).
  }
  return { ok: true }
}
