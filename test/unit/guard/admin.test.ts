/** @module Admin operations: blocks with expiry, status, reset and snapshot. */
import { describe, expect, it } from 'vitest'
import { applyBlock, applyReset, applyRevokedBefore, applyUnblock, profileSummary, snapshot, status } from '../../../src/guard/admin'
import { emptyProfile } from '../../../src/guard/profile'
import { decide } from '../../../src/guard/decide'
import { emptyState, type GuardState } from '../../../src/guard/state'
import { input, T0 } from './fixtures'

const ctx = { agentId: 'agent-1', revokedJtis: 0, stateBytes: 123 }

describe('blocks', () => {
  it.each([
    { name: 'indefinite block holds forever', until: null, at: 10 * 86_400_000, blocked: true },
    { name: 'timed block holds before it lapses', until: T0 + 60_000, at: 59_999, blocked: true },
    { name: 'timed block lapses at until', until: T0 + 60_000, at: 60_000, blocked: false },
    { name: 'a block in the past does nothing', until: T0 - 1, at: 0, blocked: false },
  ])('$name', ({ until, at, blocked }) => {
    const state = applyBlock(emptyState(), { until, reason: 'r' })
    expect(status(state, T0 + at)).toEqual({ blocked, blockedUntil: blocked ? until : null, revokedBefore: null })
    const d = decide(state, input(), T0 + at, false)
    expect(d.verdict.outcome === 'deny' && d.verdict.code).toBe(blocked ? 'AGENT_BLOCKED' : false)
  })

  it('a lapsed block is cleared from state on the next evaluate', () => {
    const state = applyBlock(emptyState(), { until: T0, reason: 'r' })
    expect(decide(state, input(), T0, false).state.block).toBeNull()
  })

  it('unblock takes effect on the next request', () => {
    const blocked = applyBlock(emptyState(), { until: null, reason: 'r' })
    expect(decide(applyUnblock(blocked), input(), T0, false).verdict.outcome).toBe('allow')
  })
})

describe('reset', () => {
  it('clears usage and counters but keeps blocks and revocations', () => {
    let state: GuardState = emptyState()
    for (let i = 0; i < 3; i++) state = decide(state, input({ limits: { rpm: 2 } }), T0 + i, false).state
    state = applyRevokedBefore(applyBlock(state, { until: null, reason: 'r' }), 42)
    const reset = applyReset(state)
    expect(reset.windows).toEqual({})
    expect(reset.admitted).toBe(0)
    expect(reset.rejected.total).toBe(0)
    expect(reset.block).toEqual({ until: null, reason: 'r' })
    expect(reset.revokedBefore).toBe(42)
    expect(decide(applyUnblock(reset), input({ limits: { rpm: 2 }, token: { iat: 42 } }), T0 + 3, false).verdict.outcome).toBe('allow')
  })
})

describe('snapshot', () => {
  it('is empty before the first request', () => {
    expect(snapshot(emptyState(), T0, ctx)).toEqual({
      agentId: 'agent-1',
      blocked: null,
      revokedBefore: null,
      revokedJtis: 0,
      policies: [],
      rejected: { total: 0, lastMinute: 0 },
      admitted: { total: 0 },
      risk: 0,
      stateBytes: 123,
      profile: {
        requests: 0,
        firstSeen: null,
        lastSeen: null,
        endpoints: 0,
        transitions: 0,
        typicalBodyBytes: null,
        pace: { recentPerMinute: 0, baselinePerMinute: 0 },
        chainsInProgress: [],
        riskState: { score: 0, evidence: 0, at: 0, throttledUntil: null, escalation: 0 },
      },
    })
  })

  it('reports usage against the latest limits, as of now', () => {
    let state: GuardState = emptyState()
    const limits = { burst: 10, rpm: 2, daily: 100, costPerMinute: 50 }
    for (let i = 0; i < 3; i++) state = decide(state, input({ limits, cost: 5 }), T0 + i * 1000, false).state
    const snap = snapshot(state, T0 + 30_000, ctx)
    expect(snap.admitted.total).toBe(2)
    expect(snap.rejected).toEqual({ total: 1, lastMinute: 1 })
    expect(snap.policies.find((p) => p.name === 'minute')).toMatchObject({ remaining: 0, resetSeconds: 31 })
    expect(snap.policies.find((p) => p.name === 'cost-minute')).toMatchObject({ remaining: 40 })
    const later = snapshot(state, T0 + 120_000, ctx)
    expect(later.rejected.lastMinute).toBe(0)
    expect(later.policies.find((p) => p.name === 'minute')).toMatchObject({ remaining: 2, resetSeconds: 0 })
  })
})

describe('profileSummary', () => {
  it('reports the profile in operator units', () => {
    const p = {
      ...emptyProfile(),
      n: 5,
      first: T0 - 60_000,
      last: T0,
      endpoints: { a: 3, b: 2 },
      transitions: { ab: 1 },
      size: { n: 2, mean: 10, m2: 0 },
      rate: { fast: 3, slow: 120, active: 60_000 },
      chains: { 'profile-aggregation': [null, 1_800_000], idle: [null, null] },
      risk: { score: 0.4, evidence: 0.2, at: T0, throttleUntil: T0 + 5_000, escalation: 1 as const },
    }
    expect(profileSummary(p, T0)).toEqual({
      requests: 5,
      firstSeen: T0 - 60_000,
      lastSeen: T0,
      endpoints: 2,
      transitions: 1,
      typicalBodyBytes: 1023,
      pace: { recentPerMinute: 3, baselinePerMinute: 2 },
      chainsInProgress: ['profile-aggregation'],
      riskState: { score: 0.4, evidence: 0.2, at: T0, throttledUntil: T0 + 5_000, escalation: 1 },
    })
    expect(profileSummary(p, T0 + 10_000).riskState.throttledUntil).toBeNull()
  })
})
