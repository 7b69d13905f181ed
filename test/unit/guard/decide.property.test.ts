/**
 * @module Property tests for decide(): all five windows at once against brute-force logs.
 *
 * For random limits, costs, rejections and arrival patterns: every window's admissions stay within
 * its limit over any span of its length; a limit denial is justified within W + g by some window;
 * denials charge nothing; and the request is admitted at exactly Retry-After (no other traffic).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decide } from '../../../src/guard/decide'
import { POLICY_SPECS, weightOf, type PolicySpec } from '../../../src/guard/policies'
import type { AgentLimits } from '../../../src/guard/protocol'
import { emptyState } from '../../../src/guard/state'
import { advance, bucketMs, emptyRing } from '../../../src/guard/window'
import { input, T0 } from './fixtures'

type Admission = { readonly t: number; readonly cost: number }

const SECOND = 1000
const limitsArb: fc.Arbitrary<AgentLimits> = fc.record(
  {
    tier: fc.constant('prop'),
    burst: fc.integer({ min: 0, max: 6 }),
    rpm: fc.integer({ min: 0, max: 20 }),
    daily: fc.integer({ min: 0, max: 60 }),
    costPerMinute: fc.integer({ min: 0, max: 40 }),
    costPerDay: fc.integer({ min: 0, max: 150 }),
  },
  { requiredKeys: ['tier', 'burst', 'rpm', 'daily', 'costPerMinute'] },
)
const gapArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 150 }),
  fc.integer({ min: 0, max: 5 * SECOND }),
  fc.integer({ min: 0, max: 90 * SECOND }),
  fc.integer({ min: 0, max: 6 * 3600 * SECOND }),
)
const requestArb = fc.record({
  gap: gapArb,
  cost: fc.integer({ min: 0, max: 12 }),
  rejected: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
})

const limitOf = (spec: PolicySpec, l: AgentLimits): number | undefined =>
  ({ burst: l.burst, minute: l.rpm, day: l.daily, 'cost-minute': l.costPerMinute, 'cost-day': l.costPerDay })[spec.name]

const weightIn = (log: readonly Admission[], spec: PolicySpec, from: number, to: number): number =>
  log.reduce((s, a) => (a.t > from && a.t <= to ? s + weightOf(spec, a.cost) : s), 0)

describe('decide() vs brute force, all windows', () => {
  it('is safe, atomic and bounded in under-admission; Retry-After is exact to the second', () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(requestArb, { maxLength: 200 }),
        (limits, offset, requests) => {
          let state = emptyState()
          let t = T0 + offset
          const admitted: Admission[] = []
          const active = POLICY_SPECS.filter((s) => limitOf(s, limits) !== undefined)
          for (const { gap, cost, rejected } of requests) {
            t += gap
            const req = input({ cost, limits, ...(rejected ? { rejection: 'SCHEMA_VIOLATION' as const } : {}) })
            const before = state
            const { state: next, verdict, retryAfterMs } = decide(state, req, t, false)
            state = next
            if (verdict.outcome === 'allow') {
              for (const spec of active) {
                expect(weightIn(admitted, spec, t - spec.windowMs, t) + weightOf(spec, cost)).toBeLessThanOrEqual(
                  limitOf(spec, limits)!,
                )
              }
              admitted.push({ t, cost })
              continue
            }
            // Denied: nothing charged (the rings only moved to t).
            for (const spec of active) {
              const moved = advance(before.windows[spec.name] ?? emptyRing(spec), spec, t)
              expect(next.windows[spec.name]?.sum).toBe(moved.sum)
            }
            if (rejected) {
              expect(verdict.code).toBe('SCHEMA_VIOLATION')
              continue
            }
            // Justified: some window over W + g would deny it too.
            const justified = active.some(
              (spec) =>
                weightIn(admitted, spec, t - spec.windowMs - bucketMs(spec), t) + weightOf(spec, cost) >
                limitOf(spec, limits)!,
            )
            expect(justified).toBe(true)
            if (verdict.retryAfterSeconds === undefined) {
              expect(active.some((spec) => weightOf(spec, cost) > limitOf(spec, limits)!)).toBe(true)
              continue
            }
            const retry = verdict.retryAfterSeconds * 1000
            expect(decide(state, req, t + retry, false).verdict.outcome).toBe('allow')
            expect(decide(state, req, t + retryAfterMs! - 1, false).verdict.outcome).toBe('deny')
          }
          for (const spec of active) {
            for (const a of admitted) {
              expect(weightIn(admitted, spec, a.t - spec.windowMs, a.t)).toBeLessThanOrEqual(limitOf(spec, limits)!)
            }
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
