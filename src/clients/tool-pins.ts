/**
 * @module The one client of the TOOL_PINS namespace: one ToolPins object per MCP origin (its key),
 * every call under the GUARD_TIMEOUT_MS deadline and the fail-closed mapping of deadline.ts.
 */
import type { PinsStore } from '../mcp/pins-cache'
import type { ApproveResult, Observation, PinRow, PinStatus } from '../mcp/pins-core'
import type { ToolPins } from '../mcp/tool-pins'
import { withDeadline } from './deadline'

const BINDING = 'TOOL_PINS'

export class ToolPinsClient {
  readonly #ns: DurableObjectNamespace<ToolPins>
  readonly #ms: number

  constructor(ns: DurableObjectNamespace<ToolPins>, timeoutMs: number) {
    this.#ns = ns
    this.#ms = timeoutMs
  }

  /** The pins object of one origin, as the structural store pins-cache.ts works with. */
  at(key: string): PinsStore {
    const stub = () => this.#ns.getByName(key)
    return {
      rows: () => withDeadline(BINDING, this.#ms, () => stub().rows() as Promise<PinRow[]>),
      observe: (observations: Observation[]) =>
        withDeadline(BINDING, this.#ms, () => stub().observe(observations) as Promise<{ statuses: Record<string, PinStatus>; rows: PinRow[] }>),
      approve: (name: string, hash: string) => withDeadline(BINDING, this.#ms, () => stub().approve(name, hash) as Promise<ApproveResult>),
    }
  }
}
