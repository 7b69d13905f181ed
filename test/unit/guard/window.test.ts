/** @module Table tests for the bucketed window: admissions along a clock, retry and reset times. */
import { describe, expect, it } from 'vitest'
import {
  advance,
  charge,
  emptyRing,
  fits,
  nextFreeMs,
  retryAfterMs,
  type Ring,
  type WindowGeometry,
} from '../../../src/guard/window'
import { T0 } from './fixtures'

type Step = { readonly at: number; readonly w?: number; readonly admit: boolean; readonly retryMs?: number }

/** Drives one window along the clock; `at` is ms after T0, `retryMs` the expected wait on a denial. */
function run(geo: WindowGeometry, limit: number, steps: readonly Step[]): Ring {
  let ring = emptyRing(geo)
  for (const [i, step] of steps.entries()) {
    const t = T0 + step.at
    const w = step.w ?? 1
    ring = advance(ring, geo, t)
    const admitted = fits(ring, limit, w)
    expect({ i, at: step.at, admitted }).toEqual({ i, at: step.at, admitted: step.admit })
    if (admitted) ring = charge(ring, w)
    else if (step.retryMs !== undefined) expect(retryAfterMs(ring, geo, limit, w, t)).toBe(step.retryMs)
  }
  return ring
}

const BURST: WindowGeometry = { windowMs: 1000, buckets: 10 }
const MINUTE: WindowGeometry = { windowMs: 60_000, buckets: 60 }
const DAY: WindowGeometry = { windowMs: 86_400_000, buckets: 144 }

describe('conservative sliding window', () => {
  it.each([
    {
      name: 'minute, L=3: full until the first bucket leaves the k+1 span',
      geo: MINUTE,
      limit: 3,
      steps: [
        { at: 0, admit: true },
        { at: 500, admit: true },
        { at: 999, admit: true },
        { at: 1000, admit: false, retryMs: 60_000 },
        { at: 59_999, admit: false, retryMs: 1001 },
        { at: 60_999, admit: false, retryMs: 1 },
        { at: 61_000, admit: true },
        { at: 61_001, admit: true },
        { at: 61_002, admit: true },
        { at: 61_003, admit: false, retryMs: 60_997 },
      ],
    },
    {
      name: 'burst, L=2: two at the start of a second, free again one sub-bucket after W',
      geo: BURST,
      limit: 2,
      steps: [
        { at: 0, admit: true },
        { at: 50, admit: true },
        { at: 99, admit: false, retryMs: 1001 },
        { at: 1000, admit: false, retryMs: 100 },
        { at: 1099, admit: false, retryMs: 1 },
        { at: 1100, admit: true },
        { at: 1150, admit: true },
        { at: 1199, admit: false },
      ],
    },
    {
      name: 'burst, L=2: admissions spread over buckets free one at a time',
      geo: BURST,
      limit: 2,
      steps: [
        { at: 0, admit: true },
        { at: 500, admit: true },
        { at: 600, admit: false, retryMs: 500 },
        { at: 1100, admit: true },
        { at: 1200, admit: false, retryMs: 400 },
        { at: 1600, admit: true },
      ],
    },
    {
      name: 'weights: a heavy request waits for enough weight to leave, not just the first bucket',
      geo: MINUTE,
      limit: 10,
      steps: [
        { at: 0, w: 4, admit: true },
        { at: 1000, w: 4, admit: true },
        { at: 2000, w: 5, admit: false, retryMs: 59_000 }, // 4 must leave: bucket 0 at 61 s
        { at: 2000, w: 2, admit: true },
        { at: 3000, w: 9, admit: false, retryMs: 60_000 }, // all three buckets must leave: 63 s
        { at: 62_999, w: 9, admit: false },
        { at: 63_000, w: 9, admit: true },
      ],
    },
    {
      name: 'weight 0 always fits; weight above the limit never does',
      geo: MINUTE,
      limit: 2,
      steps: [
        { at: 0, w: 2, admit: true },
        { at: 1, w: 0, admit: true },
        { at: 2, w: 3, admit: false, retryMs: Number.POSITIVE_INFINITY },
      ],
    },
    {
      name: 'day, L=2: 10-minute sub-buckets',
      geo: DAY,
      limit: 2,
      steps: [
        { at: 0, admit: true },
        { at: 599_999, admit: true },
        { at: 86_400_000, admit: false, retryMs: 600_000 },
        { at: 87_000_000, admit: true },
      ],
    },
    {
      name: 'a long gap clears the whole ring',
      geo: MINUTE,
      limit: 1,
      steps: [
        { at: 0, admit: true },
        { at: 10 * 86_400_000, admit: true },
        { at: 10 * 86_400_000 + 1, admit: false },
      ],
    },
  ])('$name', ({ geo, limit, steps }) => {
    run(geo, limit, steps)
  })

  it('retrying exactly at retryAfterMs fits and 1 ms earlier does not', () => {
    const ring = run(MINUTE, 5, [
      { at: 0, w: 2, admit: true },
      { at: 10_250, w: 1, admit: true },
      { at: 30_999, w: 2, admit: true },
    ])
    const t = T0 + 40_000
    const now = advance(ring, MINUTE, t)
    const r = retryAfterMs(now, MINUTE, 5, 3, t)
    expect(r).toBe(31_000) // weight 2 leaves at 61 s, not enough; the one from 10.25 s leaves at 71 s
    expect(fits(advance(now, MINUTE, t + r), 5, 3)).toBe(true)
    expect(fits(advance(now, MINUTE, t + r - 1), 5, 3)).toBe(false)
  })

  it('nextFreeMs is the time until the oldest non-empty bucket leaves, 0 when empty', () => {
    expect(nextFreeMs(emptyRing(MINUTE), MINUTE, T0)).toBe(0)
    const ring = run(MINUTE, 10, [
      { at: 2500, admit: true },
      { at: 7000, admit: true },
    ])
    expect(nextFreeMs(advance(ring, MINUTE, T0 + 7000), MINUTE, T0 + 7000)).toBe(56_000)
  })

  it('a timestamp older than the head is charged to the head (conservative)', () => {
    const ring = charge(advance(emptyRing(MINUTE), MINUTE, T0 + 5000), 1)
    const back = advance(ring, MINUTE, T0 + 1000)
    expect(back).toBe(ring)
    expect(charge(back, 1).counts.at(-1)).toBe(2)
  })

  it('keeps exactly k + 1 counts whatever the history', () => {
    let ring = emptyRing(DAY)
    for (let i = 0; i < 5000; i++) ring = charge(advance(ring, DAY, T0 + i * 97_003), 1)
    expect(ring.counts).toHaveLength(145)
    expect(ring.sum).toBe(ring.counts.reduce((a, b) => a + b, 0))
  })
})
