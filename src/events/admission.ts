/**
 * @module Per-isolate admission of event-log writes: a token bucket. Pure.
 *
 * The log records denials, and a flood of denials (unauthenticated junk, a scraper hammering a
 * 429) must not turn into a flood of Durable Object writes. Past the rate, events are counted, not
 * written; the next admitted event carries the count (`details.suppressed`). Analytics Engine still
 * gets one data point per decision, so totals stay exact there.
 */
export type Bucket = { readonly tokens: number; readonly at: number; readonly suppressed: number }

export const fullBucket = (rate: number, now: number): Bucket => ({ tokens: rate, at: now, suppressed: 0 })

/** One event at `now`: admitted with the suppressed count it owes, or counted. Burst = one second's worth. */
export function admit(bucket: Bucket, now: number, rate: number): { readonly bucket: Bucket; readonly admitted: boolean; readonly owed: number } {
  const elapsed = Math.max(0, now - bucket.at)
  const tokens = Math.min(rate, bucket.tokens + (elapsed / 1000) * rate)
  if (tokens < 1) return { bucket: { tokens, at: now, suppressed: bucket.suppressed + 1 }, admitted: false, owed: 0 }
  return { bucket: { tokens: tokens - 1, at: now, suppressed: 0 }, admitted: true, owed: bucket.suppressed }
}

/** Repeats of one agent's same denial on the same endpoint within this interval are counted, not written. */
export const REPEAT_INTERVAL_MS = 1_000
export const MAX_REPEAT_KEYS = 1_024

export type Repeat = { readonly at: number; readonly suppressed: number }

/**
 * A storm of identical denials (a scraper ignoring 429, a client retrying a refused call) says
 * one thing: the first of each second is written, carrying the count of the repeats before it.
 */
export function admitRepeat(previous: Repeat | undefined, now: number): { readonly next: Repeat; readonly admitted: boolean; readonly owed: number } {
  if (previous !== undefined && now - previous.at < REPEAT_INTERVAL_MS) return { next: { at: previous.at, suppressed: previous.suppressed + 1 }, admitted: false, owed: 0 }
  return { next: { at: now, suppressed: 0 }, admitted: true, owed: previous?.suppressed ?? 0 }
}
