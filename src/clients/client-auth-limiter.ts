/**
 * @module The one client of the CLIENT_AUTH_LIMITER namespace: one ClientAuthLimiter per OAuth
 * client id, every call under the GUARD_TIMEOUT_MS deadline and the fail-closed mapping of deadline.ts.
 */
import type { AcquireResult, ClientAuthLimiter } from '../issuer/client-auth-limiter'
import type { LockoutPolicy } from '../issuer/lockout'
import { NamespaceClient } from './deadline'

export class ClientAuthLimiterClient extends NamespaceClient<ClientAuthLimiter> {
  constructor(ns: DurableObjectNamespace<ClientAuthLimiter>, timeoutMs: number) {
    super('CLIENT_AUTH_LIMITER', ns, timeoutMs)
  }

  /** Counts one authentication attempt of `clientId`, or refuses it while the client is locked out. */
  acquire(clientId: string, policy: LockoutPolicy): Promise<AcquireResult> {
    return this.call(clientId, (s) => s.acquire(policy) as Promise<AcquireResult>)
  }

  /** Refunds the attempt of a client whose secret was right. */
  release(clientId: string, ticket: number): Promise<void> {
    return this.call(clientId, (s) => s.release(ticket))
  }
}
