/**
 * @module The one client of the TOOL_PINS namespace: one ToolPins object per MCP origin (its key),
 * every call under the GUARD_TIMEOUT_MS deadline and the fail-closed mapping of deadline.ts.
 */
import type { PinsStore } from '../mcp/pins-cache'
import type { ApproveResult, Observation, PinRow, PinStatus } from '../mcp/pins-core'
import type { ToolPins } from '../mcp/tool-pins'
import { NamespaceClient } from './deadline'

export class ToolPinsClient extends NamespaceClient<ToolPins> {
  constructor(ns: DurableObjectNamespace<ToolPins>, timeoutMs: number) {
    super('TOOL_PINS', ns, timeoutMs)
  }

  /** The pins object of one origin, as the structural store pins-cache.ts works with. */
  at(key: string): PinsStore {
    return {
      rows: () => this.call(key, (s) => s.rows() as Promise<PinRow[]>),
      observe: (observations: Observation[]) => this.call(key, (s) => s.observe(observations) as Promise<{ statuses: Record<string, PinStatus>; rows: PinRow[] }>),
      approve: (name: string, hash: string) => this.call(key, (s) => s.approve(name, hash) as Promise<ApproveResult>),
    }
  }
}
