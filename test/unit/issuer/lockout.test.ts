import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decideAttempt, isLockoutPolicy } from '../../../src/issuer/lockout'

const P = { maxFailures: 3, windowSeconds: 60 }

describe('decideAttempt', () => {
  it.each([
    ['no attempts', [], 100_000, { allowed: true }],
    ['below the limit', [90_000, 95_000], 100_000, { allowed: true }],
    ['at the limit', [50_000, 90_000, 95_000], 100_000, { allowed: false, retryAfterMs: 10_000 }],
    ['oldest left the window', [39_999, 90_000, 95_000], 100_000, { allowed: true }],
    ['exactly at the window edge counts as gone', [40_000, 90_000, 95_000], 100_000, { allowed: true }],
    ['over the limit (concurrent burst): wait for the right one', [60_001, 61_000, 62_000, 63_000], 100_000, { allowed: false, retryAfterMs: 21_000 }],
  ])('%s', (_, attempts, now, expected) => {
    expect(decideAttempt(attempts, now, P)).toEqual(expected)
  })

  it('never admits more than maxFailures attempts in any window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 200 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 5 }), (gaps, max, windowSeconds) => {
        const policy = { maxFailures: max, windowSeconds }
        const admitted: number[] = []
        let t = 0
        for (const g of gaps) {
          t += g
          if (decideAttempt(admitted, t, policy).allowed) admitted.push(t)
          const inWindow = admitted.filter((a) => a > t - windowSeconds * 1000).length
          expect(inWindow).toBeLessThanOrEqual(max)
        }
      }),
    )
  })

  it('retry-after is honest: at that time the attempt is admitted', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 59_999 }), { minLength: 3, maxLength: 10 }), (offsets) => {
        const attempts = offsets.map((o) => 40_000 + o).sort((a, b) => a - b)
        const now = 100_000
        const d = decideAttempt(attempts, now, P)
        if (!d.allowed) {
          expect(decideAttempt(attempts, now + d.retryAfterMs - 1, P).allowed).toBe(false)
          expect(decideAttempt(attempts, now + d.retryAfterMs, P).allowed).toBe(true)
        }
      }),
    )
  })

  it.each([
    [P, true],
    [{ maxFailures: 0, windowSeconds: 60 }, false],
    [{ maxFailures: 1.5, windowSeconds: 60 }, false],
    [{ maxFailures: 3 }, false],
    [null, false],
  ])('isLockoutPolicy(%j) = %s', (p, ok) => {
    expect(isLockoutPolicy(p)).toBe(ok)
  })
})
