/**
 * @module Rug-pull pinning rules: trusted first sight pins, a trusted change quarantines, an operator approves. Pure.
 *
 * Trust model (docs/mcp.md, "Who may change a pin"): only a trusted observation changes a row, i.e.
 * a tools/list answer the gateway fetched itself (probe.ts) or one answered to an agent holding
 * `MCP_PIN_SCOPE`. Any other agent's answer is only judged against the rows: a definition that
 * differs from the pin is hidden from that agent, never quarantined for everybody.
 *
 * Quarantine is sticky: a server that flips a tool to a malicious definition and back stays
 * quarantined until an operator has looked (approving either hash). A configured pin (MCP_TOOLS
 * `pin`) replaces the learned one. A definition screening flagged as poisoned is never pinned.
 * Rows learned before the whole-definition fingerprint (no `v`) are upgraded by the first trusted
 * observation whose round-1 fingerprint matches them.
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
  /** 2: hashes cover the whole definition (tool-hash.ts); absent: round-1 fingerprints. */
  readonly v?: 2
  /** Definitions (canonical JSON, bounded) of the pinned, pending and poisoned hashes, for side-by-side review. */
  readonly definitions?: Readonly<Record<string, string>>
}

export type Observation = {
  readonly name: string
  /** Fingerprint of the whole definition. */
  readonly hash: string
  /** Round-1 fingerprint of the same definition, to recognise rows and config pins made with it. */
  readonly legacyHash?: string
  readonly configPin?: string
  readonly poisoned: boolean
  readonly ruleIds: readonly string[]
  /** The whole definition as canonical JSON (tools-list.ts), kept for the pinned, pending and poisoned hashes. */
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
    const text = have[h] ?? (h === o.hash || h === observedHash(o) ? o.definition : undefined)
    if (text !== undefined) next[h] = text.length > MAX_DEFINITION_CHARS ? `${text.slice(0, MAX_DEFINITION_CHARS)}…` : text
  }
  const same = Object.keys(next).length === Object.keys(have).length && Object.keys(next).every((h) => have[h] === next[h])
  return same ? row : { ...row, definitions: next }
}

export type PinStatus = 'pinned' | 'ok' | 'quarantined' | 'poisoned'
/** How an untrusted sighting compares with the rows (nothing is written). */
export type Judgement = 'ok' | 'unpinned' | 'variant' | 'quarantined' | 'poisoned'

export function emptyRow(name: string, now: number): PinRow {
  return { name, pinned: null, pending: null, firstSeen: now, changedAt: null, poisoned: null, v: 2 }
}

/** A round-1 row in whole-definition hashes, as far as this sighting proves them equal. */
function upgraded(row: PinRow, o: Observation): PinRow {
  if (row.v === 2) return row
  const up = (h: string | null) => (h !== null && h === o.legacyHash ? o.hash : h)
  return { ...row, pinned: up(row.pinned), pending: up(row.pending), v: 2 }
}

/** The observed hash as configuration spells it: a round-1 config pin still matches its definition. */
function observedHash(o: Observation): string {
  return o.configPin !== undefined && o.configPin === o.legacyHash ? o.configPin : o.hash
}

/** One trusted tools/list sighting. Returns the same row object when nothing changed (so no write is needed). */
export function observe(row: PinRow | undefined, o: Observation, now: number): { row: PinRow; status: PinStatus } {
  const seen = decideObservation(row, o, now)
  return seen.row === row ? seen : { row: keepDefinitions(seen.row, o), status: seen.status }
}

function decideObservation(row: PinRow | undefined, o: Observation, now: number): { row: PinRow; status: PinStatus } {
  const current = upgraded(row ?? emptyRow(o.name, now), o)
  const effective = o.configPin ?? current.pinned
  const hash = observedHash(o)
  if (o.poisoned) {
    let next = current
    if (current.poisoned?.hash !== o.hash) next = { ...next, poisoned: { hash: o.hash, ruleIds: o.ruleIds.slice(0, 16), at: now } }
    // A poisoned change of a pinned tool is also a rug pull: quarantine, so the clean copy is not served either.
    if (effective !== null && hash !== effective && next.pending !== hash) next = { ...next, pending: hash, changedAt: now }
    return { row: next, status: 'poisoned' }
  }
  if (effective === null) return { row: { ...current, pinned: hash }, status: 'pinned' }
  if (hash !== effective) {
    const next = current.pending === hash ? current : { ...current, pending: hash, changedAt: now }
    return { row: next, status: 'quarantined' }
  }
  return { row: current, status: current.pending === null ? 'ok' : 'quarantined' }
}

/** An untrusted sighting against the rows: decides what this one agent sees, changes nothing. */
export function judge(row: PinRow | undefined, o: Observation): Judgement {
  if (o.poisoned) return 'poisoned'
  if (row?.pending != null) return 'quarantined'
  const effective = o.configPin ?? row?.pinned ?? null
  if (effective === null) return 'unpinned'
  const hash = o.configPin === undefined && row?.v !== 2 ? o.legacyHash : observedHash(o)
  return hash === effective ? 'ok' : 'variant'
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
