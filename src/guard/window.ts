/**
 * @module Conservative sliding window over k sub-buckets (a rolling bucketed counter). Pure.
 *
 * A window of length W is split into k aligned sub-buckets of width g = W / k. A request of weight
 * w at time t lands in bucket b = floor(t / g) and is admitted iff the weights already admitted in
 * buckets b-k..b (k + 1 buckets, which cover (t - W - g, t] ⊇ (t - W, t]) plus w stay ≤ L.
 * Counting one bucket more than the window is what makes it safe: no window of length W, anywhere,
 * ever holds more than L. The price is under-admission bounded by one sub-bucket at the old edge
 * (docs/guard.md has the proof and the bound per window).
 *
 * State is k + 1 counts and their sum, whatever the traffic: the seed's timestamp lists grew
 * without bound.
 */

/** Geometry of one window. `windowMs` must be a multiple of `buckets`. */
export type WindowGeometry = {
  readonly windowMs: number
  /** k: the number of sub-buckets per window. */
  readonly buckets: number
}

/** Counts of the k + 1 newest buckets, oldest first. Immutable: every operation returns a copy. */
export type Ring = {
  /** Index of the newest bucket, floor(t / g) for the latest t seen. */
  readonly head: number
  /** counts[i] is the weight admitted in bucket `head - k + i`, for i in 0..k. */
  readonly counts: readonly number[]
  /** Sum of `counts`, kept so the admission check is O(1). */
  readonly sum: number
}

export const bucketMs = (geo: WindowGeometry): number => geo.windowMs / geo.buckets

export function emptyRing(geo: WindowGeometry): Ring {
  return { head: 0, counts: new Array<number>(geo.buckets + 1).fill(0), sum: 0 }
}

/**
 * Moves the ring forward to the bucket of `t`, dropping buckets that left the k + 1 span.
 * A `t` in an older bucket than `head` leaves the ring as is, so its weight goes to the newest
 * bucket and stays counted longer: conservative (the guard's clock is monotonic anyway).
 */
export function advance(ring: Ring, geo: WindowGeometry, t: number): Ring {
  const bucket = Math.floor(t / bucketMs(geo))
  const shift = bucket - ring.head
  if (shift <= 0) return ring
  const size = geo.buckets + 1
  if (shift >= size) return { head: bucket, counts: new Array<number>(size).fill(0), sum: 0 }
  let dropped = 0
  for (let i = 0; i < shift; i++) dropped += ring.counts[i] ?? 0
  const counts = ring.counts.slice(shift)
  for (let i = 0; i < shift; i++) counts.push(0)
  return { head: bucket, counts, sum: ring.sum - dropped }
}

/** Whether weight `w` fits under `limit` now. The ring must already be advanced to now. */
export const fits = (ring: Ring, limit: number, w: number): boolean => ring.sum + w <= limit

/** Adds `w` to the newest bucket. The ring must already be advanced to now. */
export function charge(ring: Ring, w: number): Ring {
  if (w === 0) return ring
  const counts = ring.counts.slice()
  counts[counts.length - 1] = (counts[counts.length - 1] ?? 0) + w
  return { head: ring.head, counts, sum: ring.sum + w }
}

/**
 * Milliseconds from `t` until weight `w` fits, assuming no other traffic: 0 if it fits now,
 * Infinity if it never can (w > limit). Exact under the admission rule: the ring's sum only
 * changes at bucket boundaries, where the oldest bucket leaves, so the answer is the first boundary
 * (head + j) * g at which enough weight has left. Admitted at that instant, denied 1 ms before.
 */
export function retryAfterMs(ring: Ring, geo: WindowGeometry, limit: number, w: number, t: number): number {
  if (fits(ring, limit, w)) return 0
  if (w > limit) return Number.POSITIVE_INFINITY
  let sum = ring.sum
  let j = 0
  while (sum + w > limit) {
    sum -= ring.counts[j] ?? 0
    j++
  }
  return (ring.head + j) * bucketMs(geo) - t
}

/**
 * Milliseconds from `t` until some capacity frees (the oldest non-empty bucket leaves the span);
 * 0 when the ring is empty. Never earlier than the truth, so it is safe as a reset hint.
 */
export function nextFreeMs(ring: Ring, geo: WindowGeometry, t: number): number {
  const oldest = ring.counts.findIndex((c) => c > 0)
  if (oldest < 0) return 0
  return (ring.head + oldest + 1) * bucketMs(geo) - t
}
