/**
 * @module In-flight slot releases waiting to ride on the agent's next evaluate (per isolate).
 *
 * A release RPC per tool call costs the agent's Durable Object a second round trip that competes
 * with the next call (about 2 ms per sequential call in scripts/bench-mcp.mjs). So a finished
 * call's slot id waits here: the agent's next request in this isolate carries it in
 * `EvaluateInput.mcp.released`, and only if none comes within RELEASE_DELAY_MS is it flushed with
 * one `release` RPC. A slot whose id is lost (isolate gone) expires in the guard.
 */

/** Long enough for a client's next sequential call, short enough not to starve concurrency. */
export const RELEASE_DELAY_MS = 25
const MAX_PENDING_PER_AGENT = 1_000

const pending = new Map<string, Set<string>>()

export function deferRelease(agentId: string, callId: string): void {
  let ids = pending.get(agentId)
  if (!ids) pending.set(agentId, (ids = new Set()))
  if (ids.size < MAX_PENDING_PER_AGENT) ids.add(callId)
}

/** Takes (and forgets) every pending release of the agent, for its next evaluate or a flush. */
export function takeReleases(agentId: string): string[] {
  const ids = pending.get(agentId)
  if (!ids) return []
  pending.delete(agentId)
  return [...ids]
}

/** The agent's guard, as far as releases need it. */
export type ReleaseRpc = (callIds: string[], resultScore?: number) => Promise<void>

/**
 * Frees a finished call's slot. A result finding goes to the guard at once (it raises risk), with
 * every release pending for the agent; a plain release waits RELEASE_DELAY_MS for the agent's next
 * request to carry it, then is flushed. A finding of an answer without a slot (a listing, an
 * initialize) is reported the same way. A failed RPC leaves the slot to expire on its own.
 */
export async function releaseSlot(agentId: string, callId: string | undefined, resultScore: number | undefined, rpc: ReleaseRpc): Promise<void> {
  if (resultScore !== undefined) {
    await rpc([...(callId ? [callId] : []), ...takeReleases(agentId)], resultScore)
    return
  }
  if (!callId) return
  deferRelease(agentId, callId)
  await new Promise((resolve) => setTimeout(resolve, RELEASE_DELAY_MS))
  const ids = takeReleases(agentId)
  if (ids.length > 0) await rpc(ids)
}
