/** @module decide(): precedence, charging, Retry-After and policy states, driven by a clock. */
import { describe, expect, it } from 'vitest'
import { applyBlock, applyRevokedBefore } from '../../../src/guard/admin'
import { decide } from '../../../src/guard/decide'
import type { Verdict } from '../../../src/guard/protocol'
import { emptyState, type GuardState } from '../../../src/guard/state'
import { input, T0, type InputOverrides } from './fixtures'

/** Feeds requests through decide(), threading the state; returns every decision. */
function drive(start: GuardState, calls: readonly { at: number; req?: InputOverrides; jtiRevoked?: boolean }[]) {
  let state = start
  return calls.map(({ at, req, jtiRevoked }) => {
    const d = decide(state, input(req), T0 + at, jtiRevoked ?? false)
    state = d.state
    return { ...d, state }
  })
}

const code = (v: Verdict) => (v.outcome === 'deny' ? v.code : 'ALLOW')

describe('precedence', () => {
  const tight = { limits: { burst: 0 } } // every request would be over the burst limit
  const blocked = applyBlock(emptyState(), { until: null, reason: 'abuse' })
  const revokedBefore = applyRevokedBefore(emptyState(), 1_700_000_100) // fixture token iat is below it
  const both = applyRevokedBefore(blocked, 1_700_000_100)

  it.each([
    { name: 'blocked beats everything', state: both, req: { ...tight, rejection: 'SCHEMA_VIOLATION' }, jti: true, want: 'AGENT_BLOCKED' },
    { name: 'revoked jti beats rejection and limits', state: emptyState(), req: { ...tight, rejection: 'SCHEMA_VIOLATION' }, jti: true, want: 'TOKEN_REVOKED' },
    { name: 'iat < revokedBefore is revoked', state: revokedBefore, req: {}, jti: false, want: 'TOKEN_REVOKED' },
    { name: 'a token issued at revokedBefore works', state: revokedBefore, req: { token: { iat: 1_700_000_100 } }, jti: false, want: 'ALLOW' },
    { name: 'rejection beats limits', state: emptyState(), req: { ...tight, rejection: 'INPUT_REJECTED' }, jti: false, want: 'INPUT_REJECTED' },
    { name: 'limits', state: emptyState(), req: tight, jti: false, want: 'RATE_LIMITED' },
    { name: 'allow', state: emptyState(), req: {}, jti: false, want: 'ALLOW' },
  ] as const)('$name', ({ state, req, jti, want }) => {
    expect(code(decide(state, input(req), T0, jti).verdict)).toBe(want)
  })
})

describe('quota is charged only on allow, to every window at once', () => {
  it('denials of any kind leave every window untouched and count as rejected', () => {
    const limits = { burst: 2, rpm: 100 }
    const [, , third, rejected, revoked] = drive(emptyState(), [
      { at: 0, req: { limits } },
      { at: 1, req: { limits } },
      { at: 2, req: { limits } },
      { at: 3, req: { limits, rejection: 'SCHEMA_VIOLATION' } },
      { at: 4, req: { limits }, jtiRevoked: true },
    ])
    expect(code(third!.verdict)).toBe('RATE_LIMITED')
    expect(revoked!.state.windows.minute?.sum).toBe(2)
    expect(revoked!.state.windows.burst?.sum).toBe(2)
    expect(revoked!.state.admitted).toBe(2)
    expect(revoked!.state.rejected.total).toBe(3)
    expect(revoked!.state.rejected.recent.sum).toBe(3)
    expect(rejected!.verdict).toMatchObject({ outcome: 'deny', code: 'SCHEMA_VIOLATION' })
    expect(rejected!.verdict).not.toHaveProperty('retryAfterSeconds')
  })

  it('the seed bug is gone: hammering while limited does not extend the lockout', () => {
    const limits = { rpm: 2 }
    const calls = [{ at: 0 }, { at: 1 }, ...Array.from({ length: 100 }, (_, i) => ({ at: 2 + i * 600 }))]
    const decisions = drive(emptyState(), [...calls.map((c) => ({ ...c, req: { limits } })), { at: 61_000, req: { limits } }])
    expect(code(decisions.at(-1)!.verdict)).toBe('ALLOW')
  })

  it('a request over one window is charged to none (atomic)', () => {
    const limits = { costPerMinute: 10 }
    const [, second] = drive(emptyState(), [
      { at: 0, req: { limits, cost: 8 } },
      { at: 1, req: { limits, cost: 5 } },
    ])
    expect(second!.verdict).toMatchObject({ outcome: 'deny', code: 'BUDGET_EXHAUSTED' })
    expect(second!.state.windows.minute?.sum).toBe(1)
    expect(second!.state.windows.burst?.sum).toBe(1)
    expect(second!.state.windows['cost-minute']?.sum).toBe(8)
  })
})

describe('Retry-After', () => {
  it('is the exact wait rounded up to seconds: admitted then, not 1 ms earlier', () => {
    const limits = { rpm: 2 }
    const [, , denied] = drive(emptyState(), [
      { at: 0, req: { limits } },
      { at: 400, req: { limits } },
      { at: 20_300, req: { limits } },
    ])
    expect(denied!.retryAfterMs).toBe(40_700) // bucket 0 leaves the span at 61 s
    expect(denied!.verdict).toMatchObject({ outcome: 'deny', code: 'RATE_LIMITED', retryAfterSeconds: 41 })
    const early = decide(denied!.state, input({ limits }), T0 + 20_300 + 40_699, false)
    expect(code(early.verdict)).toBe('RATE_LIMITED')
    const onTime = decide(denied!.state, input({ limits }), T0 + 20_300 + 41_000, false)
    expect(code(onTime.verdict)).toBe('ALLOW')
  })

  it('is whole seconds from a bucket edge: retrying at Retry-After - ε is still denied', () => {
    const limits = { burst: 1 }
    const [, denied] = drive(emptyState(), [{ at: 0, req: { limits } }, { at: 100, req: { limits } }])
    expect(denied!.verdict).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 })
    expect(code(decide(denied!.state, input({ limits }), T0 + 1099, false).verdict)).toBe('RATE_LIMITED')
    expect(code(decide(denied!.state, input({ limits }), T0 + 1100, false).verdict)).toBe('ALLOW')
  })

  it('takes the latest of several violated windows, and names them all', () => {
    const limits = { burst: 1, rpm: 1, costPerMinute: 1 }
    const [, denied] = drive(emptyState(), [{ at: 0, req: { limits } }, { at: 10, req: { limits } }])
    expect(denied!.verdict).toMatchObject({ outcome: 'deny', retryAfterSeconds: 61 })
    expect(denied!.verdict.outcome === 'deny' && denied!.verdict.reason).toContain('burst, minute, cost-minute')
  })

  it('a cost above the limit is never admissible: BUDGET_EXHAUSTED without Retry-After', () => {
    const d = decide(emptyState(), input({ cost: 11, limits: { costPerMinute: 10 } }), T0, false)
    expect(d.verdict).toMatchObject({ outcome: 'deny', code: 'BUDGET_EXHAUSTED' })
    expect(d.verdict).not.toHaveProperty('retryAfterSeconds')
    expect(d.retryAfterMs).toBeUndefined()
  })

  it('a timed block reports the time until it lapses', () => {
    const state = applyBlock(emptyState(), { until: T0 + 90_500, reason: 'cool-off' })
    expect(decide(state, input(), T0, false).verdict).toMatchObject({ code: 'AGENT_BLOCKED', retryAfterSeconds: 91 })
    expect(code(decide(state, input(), T0 + 90_500, false).verdict)).toBe('ALLOW')
  })
})

describe('policy states', () => {
  it('lists every window in force with remaining and reset, cost-day only when configured', () => {
    const limits = { burst: 5, rpm: 10, daily: 100, costPerMinute: 50 }
    const [, second] = drive(emptyState(), [
      { at: 0, req: { limits, cost: 5 } },
      { at: 2500, req: { limits, cost: 5 } },
    ])
    expect(second!.verdict.policies).toEqual([
      { name: 'burst', limit: 5, windowSeconds: 1, remaining: 4, resetSeconds: 2 }, // 1.1 s: W + g
      { name: 'minute', limit: 10, windowSeconds: 60, remaining: 8, resetSeconds: 59 },
      { name: 'day', limit: 100, windowSeconds: 86_400, remaining: 98, resetSeconds: 86_998 },
      { name: 'cost-minute', limit: 50, windowSeconds: 60, remaining: 40, resetSeconds: 59 },
    ])
    const withDay = decide(second!.state, input({ limits: { ...limits, costPerDay: 1000 } }), T0 + 3000, false)
    expect(withDay.verdict.policies.map((p) => p.name)).toContain('cost-day')
  })

  it('reports the state before the request on a denial', () => {
    const limits = { rpm: 1 }
    const [, denied] = drive(emptyState(), [{ at: 0, req: { limits } }, { at: 1000, req: { limits } }])
    expect(denied!.verdict.policies.find((p) => p.name === 'minute')).toEqual({
      name: 'minute',
      limit: 1,
      windowSeconds: 60,
      remaining: 0,
      resetSeconds: 60,
    })
  })

  it('takes a lowered limit into account at once', () => {
    const [, , lowered] = drive(emptyState(), [
      { at: 0, req: { limits: { rpm: 10 } } },
      { at: 1, req: { limits: { rpm: 10 } } },
      { at: 2, req: { limits: { rpm: 2 } } },
    ])
    expect(code(lowered!.verdict)).toBe('RATE_LIMITED')
  })
})

describe('clock', () => {
  it('never runs backwards inside the guard', () => {
    const limits = { burst: 1 }
    const [first, back] = drive(emptyState(), [{ at: 5000, req: { limits } }, { at: 0, req: { limits } }])
    expect(first!.state.clock).toBe(T0 + 5000)
    expect(back!.state.clock).toBe(T0 + 5000)
    expect(code(back!.verdict)).toBe('RATE_LIMITED')
  })

  it('risk is neutral until scoring lands', () => {
    expect(decide(emptyState(), input(), T0, false).verdict).toMatchObject({ risk: 0, action: 'none' })
  })
})
