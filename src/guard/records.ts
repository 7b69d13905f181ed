/**
 * @module Records budgets: personal-data records returned to one agent per day, per tier and per
 * endpoint (docs/dlp.md, "Aggregation"). Pure.
 *
 * The count of an answer is known only once it has been scanned, after the origin answered, so a
 * budget is enforced in two places: evaluate() refuses a request while any budget that applies is
 * spent (the next request after the crossing), and chargeRecords() adds an answer's records once it
 * is scanned. A buffered JSON answer is charged strictly before it is released (it is withheld when
 * it does not fit); a streamed one is charged when it ends. Each budget is a day window of 24 one-hour
 * buckets (window.ts: conservative, never more than the limit in any 24 h once charged strictly).
 * State: one ring of 25 counts per budget key seen, at most MAX_RECORD_RINGS, keys hashed.
 */
import * as z from 'zod'
import { keyOf } from './hash'
import type { PolicyState } from './protocol'
import { advance, charge, emptyRing, nextFreeMs, retryAfterMs, type Ring, type WindowGeometry } from './window'

export const RECORDS_DAY: WindowGeometry = { windowMs: 86_400_000, buckets: 24 }
/** Rings kept per agent; the least recently charged one is dropped past it (its count is lost). */
export const MAX_RECORD_RINGS = 32
export const MAX_BUDGETS = 16

/** One budget in force for a request, as the Worker resolved it from configuration. */
export type RecordsBudget = { readonly key: string; readonly prefix: string; readonly limit: number }
/** Records found in one answer for one budget. */
export type RecordsCharge = RecordsBudget & { readonly n: number }

export type RecordsState = Readonly<Record<string, Ring>>

export type RecordsViolation = { readonly code: 'RECORDS_BUDGET_EXHAUSTED'; readonly reason: string; readonly ms: number }

const ringOf = (state: RecordsState | undefined, b: RecordsBudget, t: number): Ring => advance(state?.[keyOf(b.key)] ?? emptyRing(RECORDS_DAY), RECORDS_DAY, t)

/** Policy name in the RateLimit fields: `records:pii` (tier, everywhere) or `records:pii:<endpoint>`. */
const nameOf = (b: RecordsBudget): string => (b.key.startsWith('*|') ? `records:${b.prefix}` : `records:${b.prefix}:${b.key.slice(0, b.key.lastIndexOf('|'))}`)

/** A spent budget refuses the request until one record fits again. */
export function checkRecords(state: RecordsState | undefined, budgets: readonly RecordsBudget[], t: number): RecordsViolation | null {
  let worst: RecordsViolation | null = null
  for (const b of budgets) {
    const ms = retryAfterMs(ringOf(state, b, t), RECORDS_DAY, b.limit, 1, t)
    if (ms > 0 && (!worst || ms > worst.ms)) worst = { code: 'RECORDS_BUDGET_EXHAUSTED', reason: `records budget ${b.prefix} (${b.limit}/day) spent`, ms }
  }
  return worst
}

export function recordsPolicies(state: RecordsState | undefined, budgets: readonly RecordsBudget[], t: number): PolicyState[] {
  return budgets.map((b) => {
    const ring = ringOf(state, b, t)
    return { name: nameOf(b), limit: b.limit, windowSeconds: RECORDS_DAY.windowMs / 1000, remaining: Math.max(0, b.limit - ring.sum), resetSeconds: Math.ceil(nextFreeMs(ring, RECORDS_DAY, t) / 1000) }
  })
}

export type ChargeOutcome = {
  readonly state: RecordsState
  /** Whether every charge fitted its budget. */
  readonly fits: boolean
  /** Exact wait until the largest charge that did not fit would fit (Infinity: never). */
  readonly retryMs: number
  readonly reason: string
}

/**
 * Adds an answer's records. `strict` charges nothing unless every charge fits (the answer is then
 * withheld); otherwise everything is charged (the answer has already gone out) and `fits` tells
 * whether a budget was crossed.
 */
export function chargeRecords(state: RecordsState | undefined, charges: readonly RecordsCharge[], t: number, strict: boolean): ChargeOutcome {
  const rings = charges.map((c) => ringOf(state, c, t))
  let retryMs = 0
  let reason = ''
  charges.forEach((c, i) => {
    const ms = retryAfterMs(rings[i]!, RECORDS_DAY, c.limit, c.n, t)
    if (ms > retryMs) {
      retryMs = ms
      reason = `records budget ${c.prefix} (${c.limit}/day): ${rings[i]!.sum} + ${c.n}`
    }
  })
  const fits = retryMs === 0
  if (strict && !fits) return { state: state ?? {}, fits, retryMs, reason }
  const next: Record<string, Ring> = { ...state }
  charges.forEach((c, i) => {
    if (c.n > 0) {
      const k = keyOf(c.key)
      delete next[k]
      next[k] = charge(rings[i]!, c.n)
    }
  })
  return { state: bounded(next), fits, retryMs, reason }
}

/** Keeps the MAX_RECORD_RINGS most recently charged rings (insertion order: charged ones last). */
function bounded(rings: Record<string, Ring>): RecordsState {
  const keys = Object.keys(rings)
  if (keys.length <= MAX_RECORD_RINGS) return rings
  return Object.fromEntries(keys.slice(keys.length - MAX_RECORD_RINGS).map((k) => [k, rings[k]!]))
}

export const EncodedRecordsSchema = z.record(z.string().max(16), z.array(z.number().nonnegative().finite()).length(RECORDS_DAY.buckets + 2))

export function encodeRecords(state: RecordsState): Record<string, number[]> | undefined {
  const out: Record<string, number[]> = {}
  let any = false
  for (const [k, r] of Object.entries(state)) {
    if (r.sum <= 0) continue
    out[k] = [r.head, ...r.counts]
    any = true
  }
  return any ? out : undefined
}

export function decodeRecords(raw: z.output<typeof EncodedRecordsSchema>): RecordsState {
  const out: Record<string, Ring> = {}
  for (const [k, [head = 0, ...counts]] of Object.entries(raw)) out[k] = { head, counts, sum: counts.reduce((a, b) => a + b, 0) }
  return out
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/** RPC input check (validate.ts style): a bad budget would corrupt the stored rings. */
export function assertBudgets(budgets: unknown, field: string, withCounts: boolean): void {
  const fail = (expected: string): never => {
    throw new TypeError(`AgentGuard: ${field} must be ${expected}`)
  }
  if (!Array.isArray(budgets) || budgets.length > MAX_BUDGETS) fail(`an array of at most ${MAX_BUDGETS} budgets`)
  for (const b of budgets as Record<string, unknown>[]) {
    if (typeof b !== 'object' || b === null) fail('budgets (objects)')
    if (typeof b['key'] !== 'string' || b['key'].length === 0 || b['key'].length > 512) fail('budgets with a key of 1–512 chars')
    if (typeof b['prefix'] !== 'string' || b['prefix'].length === 0 || b['prefix'].length > 128) fail('budgets with a prefix of 1–128 chars')
    if (!isCount(b['limit']) || b['limit'] < 1) fail('budgets with a positive integer limit')
    if (withCounts && !isCount(b['n'])) fail('charges with a non-negative integer n')
  }
}
