/**
 * @module One string → findings (overlaps resolved) → the string with redactions applied. Pure.
 *
 * The unit every mode shares: a JSON string value (with its member name), a text chunk, a tool
 * result's text. Base64 `data:` URIs are skipped: their bytes are an image, not text, and random
 * base64 must not read as a card number. Each finding acted on is added to the tally.
 */
import { keyIs, snakeName } from './detectors/define'
import { atLeast, type DlpPolicy } from './policy'
import type { Finding, Outcome, ScanContext, Tally } from './types'

/** At most this many matched values are kept per answer to fingerprint (counts are exact). */
export const MAX_SAMPLES = 32

export const marker = (id: string): string => `[REDACTED:${id}]`

export function newTally(): Tally {
  return { counts: {}, redacted: {}, worst: 'none', samples: [] }
}

const ORDER: Readonly<Record<Outcome, number>> = { none: 0, log: 1, redact: 2, block: 3 }
export const stronger = (a: Outcome, b: Outcome): Outcome => (ORDER[b] > ORDER[a] ? b : a)

const DATA_URI = /data:[\w.+-]{1,40}\/[\w.+-]{1,80}(?:;[\w.+-]{1,40}=[\w.+-]{1,80}){0,4};base64,[A-Za-z0-9+/]{16,}={0,2}/g

const keyCaches = new WeakMap<readonly RegExp[], Map<string, boolean>>()

/** Whether a member name matches any of a policy's key hints (memoised per policy: answers repeat their keys). */
function keyMatches(key: string, hints: readonly RegExp[]): boolean {
  let cache = keyCaches.get(hints)
  if (!cache) keyCaches.set(hints, (cache = new Map()))
  let hit = cache.get(key)
  if (hit === undefined) {
    const name = snakeName(key)
    hit = hints.some((h) => h.test(name))
    if (cache.size >= 4_096) cache.clear()
    if (key.length <= 128) cache.set(key, hit)
  }
  return hit
}

function countDigits(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) n++
  }
  return n
}

function dataUriRanges(text: string): Array<[number, number]> {
  if (!text.includes(';base64,')) return []
  const out: Array<[number, number]> = []
  DATA_URI.lastIndex = 0
  for (let m = DATA_URI.exec(text); m !== null; m = DATA_URI.exec(text)) out.push([m.index, m.index + m[0].length])
  return out
}

/**
 * Findings in `text` at or above the policy's confidence, sorted by start, never overlapping (the
 * higher priority, then the longer, wins; low-confidence matches take part, so an example key is not
 * re-reported by a generic detector).
 */
export function findAll(text: string, ctx: ScanContext, policy: DlpPolicy): Finding[] {
  if (text.length === 0) return []
  const pre = policy.prefilter
  const digits = pre.countDigits ? countDigits(text) : 0
  const keyed = ctx.key !== undefined && pre.keyHints.length > 0 && keyMatches(ctx.key, pre.keyHints)
  if (!keyed && digits < pre.minDigits && !(pre.hint?.test(text) ?? false)) return []
  const raw: Array<Finding & { p: number }> = []
  for (const d of policy.detectors) {
    if ((d.minDigits !== undefined && digits < d.minDigits) || (d.minLength !== undefined && text.length < d.minLength)) continue
    if ((d.hint || d.keyHint) && !(d.hint?.test(text) || (keyed && d.keyHint !== undefined && keyIs(ctx, d.keyHint)))) continue
    // Built field by field: an object spread with extra members takes V8's slow path (10 µs here).
    for (const m of d.find(text, ctx)) raw.push({ start: m.start, end: m.end, confidence: m.confidence, id: d.id, category: d.category, p: d.priority })
  }
  if (raw.length === 0) return []
  const skip = dataUriRanges(text)
  raw.sort((a, b) => a.start - b.start || b.end - a.end)
  const kept: Array<Finding & { p: number }> = []
  for (const f of raw) {
    if (skip.some(([s, e]) => f.start >= s && f.start < e)) continue
    const last = kept[kept.length - 1]
    // Sorted by start, so a finding can only overlap the last one kept; keeping the better of two
    // never makes it overlap the one before (that one ends before the last began).
    if (last && f.start < last.end) {
      if (f.p > last.p || (f.p === last.p && f.end - f.start > last.end - last.start)) kept[kept.length - 1] = f
      continue
    }
    kept.push(f)
  }
  // Below the confidence floor only now: a published example claims its span from generic detectors.
  const out: Finding[] = []
  for (const f of kept) if (atLeast(f.confidence, policy.minConfidence)) out.push({ start: f.start, end: f.end, confidence: f.confidence, id: f.id, category: f.category })
  return out
}

/**
 * Applies findings of `text` (from findAll) to it: each acted-on finding is counted, and each
 * `redact` one is replaced by its marker. `block` findings are left in place: the caller withholds
 * the whole answer. Returns the same string when nothing was replaced.
 */
export function applyFindings(text: string, findings: readonly Finding[], policy: DlpPolicy, tally: Tally): string {
  let out = ''
  let at = 0
  let changed = false
  for (const f of findings) {
    const action = policy.actions.get(f.id) ?? 'log'
    tally.counts[f.id] = (tally.counts[f.id] ?? 0) + 1
    tally.worst = stronger(tally.worst, action)
    if (tally.samples.length < MAX_SAMPLES) tally.samples.push({ id: f.id, value: text.slice(f.start, f.end) })
    if (action !== 'redact') continue
    tally.redacted[f.id] = (tally.redacted[f.id] ?? 0) + 1
    out += text.slice(at, f.start) + marker(f.id)
    at = f.end
    changed = true
  }
  return changed ? out + text.slice(at) : text
}

/** Scans one string and applies what it found (see applyFindings). */
export function scanString(text: string, ctx: ScanContext, policy: DlpPolicy, tally: Tally): string {
  const findings = findAll(text, ctx, policy)
  return findings.length === 0 ? text : applyFindings(text, findings, policy, tally)
}
