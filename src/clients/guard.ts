/**
 * @module The one client of the AGENT_GUARD namespace: one AgentGuard per agent id, every call
 * under the GUARD_TIMEOUT_MS deadline and the fail-closed mapping of deadline.ts.
 */
import type { BlockCommand, GuardStatus } from '../guard/admin'
import type { AgentGuard } from '../guard/agent-guard'
import type { AgentSnapshot, EvaluateInput, Verdict } from '../guard/protocol'
import type { RevokeCommand } from '../guard/revocation'
import { withDeadline } from './deadline'

const BINDING = 'AGENT_GUARD'

export class GuardClient {
  readonly #ns: DurableObjectNamespace<AgentGuard>
  readonly #ms: number

  constructor(ns: DurableObjectNamespace<AgentGuard>, timeoutMs: number) {
    this.#ns = ns
    this.#ms = timeoutMs
  }

  #stub(agentId: string): DurableObjectStub<AgentGuard> {
    return this.#ns.getByName(agentId)
  }

  /** The per-request decision; a denial comes back as a verdict, an outage as `Unavailable`. */
  evaluate(agentId: string, input: EvaluateInput): Promise<Verdict> {
    return withDeadline(BINDING, this.#ms, () => this.#stub(agentId).evaluate(input) as Promise<Verdict>)
  }

  /** Frees finished MCP call slots; `resultScore` reports a screened tool result (mcp-limits.ts). */
  release(agentId: string, callIds: readonly string[], resultScore?: number): Promise<void> {
    return withDeadline(BINDING, this.#ms, () => this.#stub(agentId).release(callIds, resultScore))
  }

  /** Block and revocation flags (the token issuer's admission check). */
  status(agentId: string): Promise<GuardStatus> {
    return withDeadline(BINDING, this.#ms, () => this.#stub(agentId).status() as Promise<GuardStatus>)
  }

  snapshot(agentId: string): Promise<AgentSnapshot> {
    return withDeadline(BINDING, this.#ms, () => this.#stub(agentId).snapshot() as Promise<AgentSnapshot>)
  }

  block(agentId: string, command: BlockCommand): Promise<void> {
    return withDeadline(BINDING, this.#ms, () => this.#stub(agentId).block(command))
  }

  unblock(agentId: string): Promise<void> {
    return withDeadline(BINDING, this.#ms, () => this.#stub(agentId).unblock())
  }

  revoke(agentId: string, command: RevokeCommand): Promise<void> {
    return withDeadline(BINDING, this.#ms, () => this.#stub(agentId).revoke(command))
  }

  reset(agentId: string): Promise<void> {
    return withDeadline(BINDING, this.#ms, () => this.#stub(agentId).reset())
  }
}
