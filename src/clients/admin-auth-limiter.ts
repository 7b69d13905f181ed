/**
 * @module The one client of the ADMIN_AUTH_LIMITER namespace: the deployment's single AdminAuthLimiter,
 * every call under the GUARD_TIMEOUT_MS deadline and the fail-closed mapping of deadline.ts.
 */
import { ADMIN_LIMITER_NAME, type AdminAcquire, type AdminLockout } from '../admin/auth-limit'
import type { AdminAuthLimiter } from '../admin/auth-limiter'
import { NamespaceClient } from './deadline'

export class AdminAuthLimiterClient extends NamespaceClient<AdminAuthLimiter> {
  constructor(ns: DurableObjectNamespace<AdminAuthLimiter>, timeoutMs: number) {
    super('ADMIN_AUTH_LIMITER', ns, timeoutMs)
  }

  acquire(address: string, policy: AdminLockout): Promise<AdminAcquire> {
    return this.call(ADMIN_LIMITER_NAME, (s) => s.acquire(address, policy) as Promise<AdminAcquire>)
  }

  release(ticket: number): Promise<void> {
    return this.call(ADMIN_LIMITER_NAME, (s) => s.release(ticket))
  }
}
