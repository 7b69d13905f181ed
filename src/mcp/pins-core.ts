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
  /** Definitions (canonical JSON, bounded) of the pinned, pending and poisoned hashes, for side-by-side review. */
  readonly definitions?: Readonly<Record<string, string>>
}

export type Observation = {
  readonly name: string
  readonly hash: string
  readonly configPin?: string
  readonly poisoned: boolean
  readonly ruleIds: readonly string[]
  /** The pinned fields as canonical JSON (tools-list.ts), kept for the pinned, pending and poisoned hashes. */
  readonly definition?: string
}

/** A definition kept for review is cut here (a row holds at most three). */
export const MAX_DEFINITION_CHARS = 16_384

/** Keeps the definitions of the row's pinned, pending and poisoned hashes, adding the observed one. Same row when nothing changes. */
function keepDefinitions(row: PinRow, o: Observation): PinRow {
  const wanted = [row.pinned, row.pending, row.poisoned?.hash ?? null].filter((h): h is string => h !== null)
  const have = row.definitions ?? {}
  const next: Record<string, string> = {}
  for (const h of wanted) {
    const text = have[h] ?? (h === o.hash ? o.definition : undefined)
    if (text !== undefined) next[h] = text.length > MAX_DEFINITION_CHARS ? `${text.slice(0, MAX_DEFINITION_CHARS)}…` : text
  }
  const same = Object.keys(next).length === Object.keys(have).length && Object.keys(next).every((h) => have[h] === next[h])
  return same ? row : { ...row, definitions: next }
}

export type PinStatus = 'pinned' | 'ok' | 'quarantined' | 'poisoned'

export function emptyRow(name: string, now: number): PinRow {
  return { name, pinned: null, pending: null, firstSeen: now, changedAt: null, poisoned: null }
}

/** One tools/list sighting. Returns the same row object when nothing changed (so no write is needed). */
export function observe(row: PinRow | undefined, o: Observation, now: number): { row: PinRow; status: PinStatus } {
  const seen = decideObservation(row, o, now)
  return seen.row === row ? seen : { row: keepDefinitions(seen.row, o), status: seen.status }
}

function decideObservation(row: PinRow | undefined, o: Observation, now: number): { row: PinRow; status: PinStatus } {
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
  const kept = row.definitions?.[hash]
  const { definitions: _dropped, ...rest } = row
  return { ok: true, row: { ...rest, pinned: hash, pending: null, ...(kept !== undefined ? { definitions: { [hash]: kept } } : {}) } }
}

export const isQuarantined = (row: PinRow | undefined): boolean => row?.pending != null
