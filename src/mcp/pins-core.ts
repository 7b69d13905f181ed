/**
 * @module Rug-pull pinning rules: first sight pins, a changed definition quarantines, an operator approves. Pure.
 *
 * Quarantine is sticky: a server that flips a tool to a malicious definition and back stays
 * quarantined until an operator has looked (approving either hash). A configured pin (MCP_TOOLS
 * `pin`) replaces the learned one. A definition screening flagged as poisoned is never pinned.
 */

export type PinRow = {
  readonly name: string
  /** The approved hash (learned on first sight, or approved); null until a clean definition was seen. */
  readonly pinned: string | null
  /** A differing hash seen since: the tool is quarantined while this is set. */
  readonly pending: string | null
  readonly firstSeen: number
  readonly changedAt: number | null
  /** The last poisoned definition reported, for operators. */
  readonly poisoned: { readonly hash: string; readonly ruleIds: readonly string[]; readonly at: number } | null
}

export type Observation = {
  readonly name: string
  readonly hash: string
  readonly configPin?: string
  readonly poisoned: boolean
  readonly ruleIds: readonly string[]
}

export type PinStatus = 'pinned' | 'ok' | 'quarantined' | 'poisoned'

export function emptyRow(name: string, now: number): PinRow {
  return { name, pinned: null, pending: null, firstSeen: now, changedAt: null, poisoned: null }
}

/** One tools/list sighting. Returns the same row object when nothing changed (so no write is needed). */
export function observe(row: PinRow | undefined, o: Observation, now: number): { row: PinRow; status: PinStatus } {
  const current = row ?? emptyRow(o.name, now)
  const effective = o.configPin ?? current.pinned
  if (o.poisoned) {
    let next = current
    if (current.poisoned?.hash !== o.hash) next = { ...next, poisoned: { hash: o.hash, ruleIds: o.ruleIds.slice(0, 16), at: now } }
    // A poisoned change of a pinned tool is also a rug pull: quarantine, so the clean copy is not served either.
    if (effective !== null && o.hash !== effective && next.pending !== o.hash) next = { ...next, pending: o.hash, changedAt: now }
    return { row: next, status: 'poisoned' }
  }
  if (effective === null) return { row: { ...current, pinned: o.hash }, status: 'pinned' }
  if (o.hash !== effective) {
    const next = current.pending === o.hash ? current : { ...current, pending: o.hash, changedAt: now }
    return { row: next, status: 'quarantined' }
  }
  return { row: current, status: current.pending === null ? 'ok' : 'quarantined' }
}

export type ApproveResult = { readonly ok: true; readonly row: PinRow } | { readonly ok: false; readonly reason: 'unknown_tool' | 'nothing_pending' | 'hash_mismatch' }

/** Approving the pending hash accepts the change; approving the pinned hash rejects it (and lifts the quarantine). */
export function approve(row: PinRow | undefined, hash: string): ApproveResult {
  if (!row) return { ok: false, reason: 'unknown_tool' }
  if (row.pending === null) return { ok: false, reason: 'nothing_pending' }
  if (hash !== row.pending && hash !== row.pinned) return { ok: false, reason: 'hash_mismatch' }
  return { ok: true, row: { ...row, pinned: hash, pending: null } }
}

export const isQuarantined = (row: PinRow | undefined): boolean => row?.pending != null
