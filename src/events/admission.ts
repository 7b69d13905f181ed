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
