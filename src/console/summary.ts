/**
 * @module The overview's numbers, from either source (event log or Analytics Engine SQL). Pure.
 *
 * Both sources are reduced to the same shape, so the views never know where numbers came from.
 */
import type { SecurityEvent } from '../events/event'

export type SeriesPoint = { readonly t: number; readonly code: string; readonly count: number }
export type Ranked = { readonly key: string; readonly count: number; readonly risk?: number }

export type Overview = {
  readonly source: 'event-log' | 'analytics-engine'
  /** Bucket starts (epoch ms), oldest first. */
  readonly buckets: readonly number[]
  readonly bucketMs: number
  readonly series: readonly SeriesPoint[]
  readonly byAgent: readonly Ranked[]
  readonly byRisk: readonly Ranked[]
  readonly byEndpoint: readonly Ranked[]
  readonly total: number
}

export const OVERVIEW_MINUTES = 60
export const BUCKETS = 12

export function bucketsFor(now: number, minutes = OVERVIEW_MINUTES, count = BUCKETS): { buckets: number[]; bucketMs: number } {
  const bucketMs = (minutes * 60_000) / count
  const last = Math.floor(now / bucketMs) * bucketMs
  return { buckets: Array.from({ length: count }, (_, i) => last - (count - 1 - i) * bucketMs), bucketMs }
}

/** Top `n` by count, ties by key, so the order is stable. */
export function rank(counts: ReadonlyMap<string, number>, n = 10): Ranked[] {
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)).slice(0, n)
}

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by)

/** Denials, throttles and alerts of the last hour from the event log. */
export function summarizeEvents(events: readonly SecurityEvent[], now: number): Overview {
  const { buckets, bucketMs } = bucketsFor(now)
  const first = buckets[0] ?? now
  const series = new Map<string, number>()
  const agents = new Map<string, number>()
  const risk = new Map<string, number>()
  const endpoints = new Map<string, number>()
  let total = 0
  for (const e of events) {
    if (e.kind === 'admin_action' || e.at < first) continue
    // An event written after repeats of itself that were only counted stands for all of them (admission.ts).
    const repeats = e.details?.['repeats']
    const n = 1 + (typeof repeats === 'number' && repeats > 0 ? repeats : 0)
    total += n
    bump(series, `${Math.floor(e.at / bucketMs) * bucketMs} ${e.code}`, n)
    if (e.agentId !== null) {
      bump(agents, e.agentId, n)
      risk.set(e.agentId, Math.max(risk.get(e.agentId) ?? 0, e.risk))
    }
    bump(endpoints, e.endpoint, n)
  }
  return {
    source: 'event-log',
    buckets,
    bucketMs,
    series: [...series].map(([k, count]) => {
      const [t = '0', code = ''] = k.split(' ')
      return { t: Number(t), code, count }
    }),
    byAgent: rank(agents),
    byRisk: [...risk].map(([key, r]) => ({ key, count: agents.get(key) ?? 0, risk: r })).sort((a, b) => b.risk - a.risk || b.count - a.count).slice(0, 10),
    byEndpoint: rank(endpoints),
    total,
  }
}

/** Codes ordered by volume, so the biggest get the first (most distinct) colours. */
export function codesByVolume(series: readonly SeriesPoint[]): string[] {
  const totals = new Map<string, number>()
  for (const p of series) bump(totals, p.code, p.count)
  return rank(totals, 64).map((r) => r.key)
}
