/**
 * @module The one client of the AGENT_GUARD namespace: one AgentGuard per agent id, every call
 * under the GUARD_TIMEOUT_MS deadline and the fail-closed mapping of deadline.ts.
 */
import type { BlockCommand, GuardStatus } from '../guard/admin'
import type { AgentGuard } from '../guard/agent-guard'
import type { AgentSnapshot, EvaluateInput, RecordsInput, RecordsVerdict, Verdict } from '../guard/protocol'
import type { RevokeCommand } from '../guard/revocation'
import { NamespaceClient } from './deadline'

export class GuardClient extends NamespaceClient<AgentGuard> {
  constructor(ns: DurableObjectNamespace<AgentGuard>, timeoutMs: number) {
    super('AGENT_GUARD', ns, timeoutMs)
  }

  /** The per-request decision; a denial comes back as a verdict, an outage as `Unavailable`. */
  evaluate(agentId: string, input: EvaluateInput): Promise<Verdict> {
    return this.call(agentId, (s) => s.evaluate(input) as Promise<Verdict>)
  }

  /** Frees finished MCP call slots; `resultScore` reports a screened tool result (mcp-limits.ts). */
  release(agentId: string, callIds: readonly string[], resultScore?: number): Promise<void> {
    return this.call(agentId, (s) => s.release(callIds, resultScore))
  }

  /** Binds an MCP session id the origin assigned in an answer to this agent (guard/mcp-sessions.ts). */
  bindSession(agentId: string, sessionId: string): Promise<void> {
    return this.call(agentId, (s) => s.bindSession(sessionId))
  }

  /** An answer's personal-data records, charged once DLP has scanned it (docs/dlp.md). */
  chargeRecords(agentId: string, input: RecordsInput): Promise<RecordsVerdict> {
    return this.call(agentId, (s) => s.chargeRecords(input) as Promise<RecordsVerdict>)
  }

  /** Block and revocation flags (the token issuer's admission check). */
  status(agentId: string): Promise<GuardStatus> {
    return this.call(agentId, (s) => s.status() as Promise<GuardStatus>)
  }

  snapshot(agentId: string): Promise<AgentSnapshot> {
    return this.call(agentId, (s) => s.snapshot() as Promise<AgentSnapshot>)
  }

  block(agentId: string, command: BlockCommand): Promise<void> {
    return this.call(agentId, (s) => s.block(command))
  }

  unblock(agentId: string): Promise<void> {
    return this.call(agentId, (s) => s.unblock())
  }

  revoke(agentId: string, command: RevokeCommand): Promise<void> {
    return this.call(agentId, (s) => s.revoke(command))
  }

  reset(agentId: string): Promise<void> {
    return this.call(agentId, (s) => s.reset())
  }
}
