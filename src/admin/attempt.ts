/**
 * @module One admin or console authentication attempt, counted against the failure limit (fail closed).
 *
 * Shared by the admin API (bearer ADMIN_TOKEN), the console login form and Cloudflare Access
 * assertions, so every way in draws on the same budget of failures (issue 12 item 13).
 */
import type { Context } from 'hono'
import { deny } from '../errors/denial'
import { addressKey, clientAddress } from '../lib/client-address'
import { withTimeout } from '../lib/timeout'
import type { GatewayEnv } from '../pipeline/types'
import { log } from '../telemetry/log'
import { ADMIN_LIMITER_NAME, type AdminAcquire, type AdminAuthLimiter } from './auth-limiter'

export type AttemptResult = { readonly ok: true } | { readonly ok: false; readonly throttled?: number }

/**
 * Counts the attempt, runs `verify`, and refunds the attempt when it succeeds. Throttled attempts
 * never reach `verify`. The limiter unreachable → ADMIN_AUTH_UNAVAILABLE: nothing is checked.
 */
export async function adminAttempt(c: Context<GatewayEnv>, verify: () => Promise<boolean>): Promise<AttemptResult> {
  const config = c.get('config')
  const ns = config.console.limiter as DurableObjectNamespace<AdminAuthLimiter> | undefined
  if (!ns) throw deny('GATEWAY_MISCONFIGURED', 'admin_auth_limiter_missing')
  const stub = ns.getByName(ADMIN_LIMITER_NAME)
  const address = addressKey(clientAddress(c.req.raw.headers))
  const deadline = config.guard.timeoutMs
  let acquired: AdminAcquire
  try {
    acquired = await withTimeout(stub.acquire(address, config.console.lockout) as Promise<AdminAcquire>, deadline)
  } catch (error) {
    log({ event: 'admin_limiter_failed', requestId: c.get('requestId'), error: error instanceof Error ? error.name : 'unknown' })
    throw deny('ADMIN_AUTH_UNAVAILABLE', 'admin_limiter_unavailable', { retryAfterSeconds: 5 })
  }
  if (!acquired.allowed) {
    log({ event: 'admin_auth_throttled', requestId: c.get('requestId'), scope: acquired.scope, retryAfterSeconds: acquired.retryAfterSeconds })
    return { ok: false, throttled: acquired.retryAfterSeconds }
  }
  if (!(await verify())) return { ok: false }
  try {
    await withTimeout(stub.release(acquired.ticket), deadline)
  } catch {
    // The success stands; the attempt stays counted until it leaves the window (conservative).
  }
  return { ok: true }
}
