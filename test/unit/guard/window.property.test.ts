/**
 * @module Property tests: the bucketed window against a brute-force log of every admitted timestamp.
 *
 * Safety: no window of length W anywhere holds more than L of the guard's admissions.
 * Bounded under-admission: every denial is justified by the admissions in (t - W - g, t], i.e. the
 * guard is never stricter than an exact sliding log over W + g.
 * Retry-After: with no other traffic the request fits at t + retryAfterMs and not 1 ms before.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { advance, bucketMs, charge, emptyRing, fits, retryAfterMs, type WindowGeometry } from '../../../src/guard/window'

type Event = { readonly t: number; readonly w: number }

/** Sum of admitted weights in the half-open interval (from, to]. */
const weightIn = (log: readonly Event[], from: number, to: number): number =>
  log.reduce((sum, e) => (e.t > from && e.t <= to ? sum + e.w : sum), 0)

const geometry = fc.oneof(
  fc.constant<WindowGeometry>({ windowMs: 1000, buckets: 10 }),
  fc.constant<WindowGeometry>({ windowMs: 60_000, buckets: 60 }),
  fc.constantFrom(1, 2, 3, 4, 5, 8).map((k): WindowGeometry => ({ windowMs: 1000 * k, buckets: k })),
  fc.constantFrom(1, 2, 4, 5, 10).map((k): WindowGeometry => ({ windowMs: 1000, buckets: k })),
)

/** Arrivals mixing same-instant bursts, sub-bucket gaps, bucket-edge gaps and long pauses. */
const arrivals = (geo: WindowGeometry, limit: number) => {
  const g = bucketMs(geo)
  const gap = fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: g }),
    fc.constantFrom(g - 1, g, g + 1, geo.windowMs - 1, geo.windowMs, geo.windowMs + g),
    fc.integer({ min: 0, max: 3 * geo.windowMs }),
  )
  return fc.record({
    start: fc.integer({ min: 0, max: 2e12 }),
    steps: fc.array(fc.record({ gap, w: fc.integer({ min: 0, max: limit + 1 }) }), { maxLength: 250 }),
  })
}

const scenario = fc
  .record({ geo: geometry, limit: fc.integer({ min: 1, max: 12 }) })
  .chain(({ geo, limit }) => arrivals(geo, limit).map((a) => ({ geo, limit, ...a })))

describe('bucketed window vs brute-force reference', () => {
  it('never admits more than L in any window of length W; denials are justified within W + g', () => {
    fc.assert(
      fc.property(scenario, ({ geo, limit, start, steps }) => {
        const g = bucketMs(geo)
        const W = geo.windowMs
        let ring = emptyRing(geo)
        let t = start
        const admitted: Event[] = []
        for (const { gap, w } of steps) {
          t += gap
          ring = advance(ring, geo, t)
          if (fits(ring, limit, w)) {
            // The exact sliding log over W, replaying the guard's own history, admits this too.
            expect(weightIn(admitted, t - W, t) + w).toBeLessThanOrEqual(limit)
            ring = charge(ring, w)
            admitted.push({ t, w })
          } else {
            // Under-admission bound: an exact log over W + g would deny it as well.
            expect(weightIn(admitted, t - W - g, t) + w).toBeGreaterThan(limit)
          }
          expect(ring.sum).toBe(weightIn(admitted, (ring.head - geo.buckets) * g - 1, t))
        }
        // Safety over every window, not only those ending at an admission: the heaviest window of
        // length W ends at some admission, so checking those covers all of them.
        for (const e of admitted) expect(weightIn(admitted, e.t - W, e.t)).toBeLessThanOrEqual(limit)
      }),
      { numRuns: 400 },
    )
  })

  it('retryAfterMs is exact: admitted at t + r, denied at t + r - 1 (no other traffic)', () => {
    fc.assert(
      fc.property(scenario, ({ geo, limit, start, steps }) => {
        let ring = emptyRing(geo)
        let t = start
        for (const { gap, w } of steps) {
          t += gap
          ring = advance(ring, geo, t)
          if (fits(ring, limit, w)) {
            ring = charge(ring, w)
            continue
          }
          const r = retryAfterMs(ring, geo, limit, w, t)
          if (w > limit) {
            expect(r).toBe(Number.POSITIVE_INFINITY)
            continue
          }
          expect(r).toBeGreaterThan(0)
          expect(r).toBeLessThanOrEqual(geo.windowMs + bucketMs(geo))
          expect(fits(advance(ring, geo, t + r), limit, w)).toBe(true)
          expect(fits(advance(ring, geo, t + r - 1), limit, w)).toBe(false)
        }
      }),
      { numRuns: 300 },
    )
  })
})
