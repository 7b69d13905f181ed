/** @module Records budgets in the guard: refused while spent, charged after the answer, exact Retry-After, bounded state, risk. */
import { describe, expect, it } from 'vitest'
import { applyReset } from '../../../src/guard/admin'
import { decide } from '../../../src/guard/decide'
import type { RecordsInput } from '../../../src/guard/protocol'
import { chargeRecords, MAX_RECORD_RINGS, RECORDS_DAY, type RecordsBudget } from '../../../src/guard/records'
import { DEFAULT_RISK_POLICY } from '../../../src/guard/risk-policy'
import { settleRecords } from '../../../src/guard/settle-records'
import { decodeState, emptyState, encodeState, type GuardState } from '../../../src/guard/state'
import { input, T0 } from './fixtures'

const TIER: RecordsBudget = { key: '*|pii', prefix: 'pii', limit: 500 }
const ROUTE: RecordsBudget = { key: 'GET /api/users|pii.email', prefix: 'pii.email', limit: 10 }
const HOUR = 3_600_000

const charge = (state: GuardState, n: number, t: number, strict = false, budgets = [TIER, ROUTE]): ReturnType<typeof settleRecords> =>
  settleRecords(state, { requestId: 'r', charges: budgets.map((b) => ({ ...b, n })), strict, risk: DEFAULT_RISK_POLICY } satisfies RecordsInput, t)

describe('records budgets', () => {
  it('admits while a budget has room, and lists the budgets in the RateLimit policies', () => {
    const d = decide(emptyState(), input({ records: [TIER, ROUTE] }), T0, false)
    expect(d.verdict.outcome).toBe('allow')
    expect(d.verdict.policies.filter((p) => p.name.startsWith('records:'))).toEqual([
      { name: 'records:pii', limit: 500, windowSeconds: 86_400, remaining: 500, resetSeconds: 0 },
      { name: 'records:pii.email:GET /api/users', limit: 10, windowSeconds: 86_400, remaining: 10, resetSeconds: 0 },
    ])
  })

  it('a non-strict charge always lands; crossing is reported, and the next request is refused with an exact Retry-After', () => {
    const first = charge(emptyState(), 7, T0)
    expect(first.verdict).toMatchObject({ outcome: 'allow', crossed: false })
    const second = charge(first.state, 7, T0 + 1000)
    expect(second.verdict).toMatchObject({ outcome: 'allow', crossed: true })
    const t = T0 + 2 * HOUR
    const refused = decide(second.state, input({ records: [TIER, ROUTE] }), t, false)
    expect(refused.verdict).toMatchObject({ outcome: 'deny', code: 'RECORDS_BUDGET_EXHAUSTED' })
    const retry = refused.verdict.outcome === 'deny' ? refused.verdict.retryAfterSeconds! : 0
    // Both charges sit in the bucket of T0; the window (24 + 1 buckets of 1 h) drops it at T0's bucket end + 24 h.
    const freeAt = (Math.floor(T0 / HOUR) + RECORDS_DAY.buckets + 1) * HOUR
    expect(retry).toBe(Math.ceil((freeAt - t) / 1000))
    expect(decide(second.state, input({ records: [TIER, ROUTE] }), freeAt - 1, false).verdict.outcome).toBe('deny')
    expect(decide(second.state, input({ records: [TIER, ROUTE] }), freeAt, false).verdict.outcome).toBe('allow')
  })

  it('a strict charge that does not fit charges nothing, is refused with Retry-After, and counts as a denial', () => {
    const base = charge(emptyState(), 8, T0).state
    const refused = charge(base, 3, T0 + 10, true)
    expect(refused.verdict).toMatchObject({ outcome: 'deny', crossed: true })
    expect(refused.verdict.retryAfterSeconds).toBeGreaterThan(0)
    expect(refused.state.records).toEqual(base.records)
    expect(refused.state.rejected.total).toBe(base.rejected.total + 1)
    const fits = charge(base, 2, T0 + 10, true)
    expect(fits.verdict).toMatchObject({ outcome: 'allow', crossed: false })
    expect(fits.verdict.policies.find((p) => p.name === 'records:pii.email:GET /api/users')?.remaining).toBe(0)
  })

  it('never admits a single answer larger than the whole budget (no Retry-After: it never fits)', () => {
    const r = charge(emptyState(), 11, T0, true)
    expect(r.verdict.outcome).toBe('deny')
    expect(r.verdict.retryAfterSeconds).toBeUndefined()
  })

  it('crossing a budget raises risk (the records signal); an answer within it does not', () => {
    expect(charge(emptyState(), 5, T0).verdict.risk).toBe(0)
    const crossed = charge(emptyState(), 11, T0)
    expect(crossed.verdict.risk).toBeCloseTo(DEFAULT_RISK_POLICY.signals.records.weight, 3)
    expect(crossed.state.profile.risk.score).toBe(crossed.verdict.risk)
  })

  it('keeps budgets apart: per tier everywhere, per endpoint only there', () => {
    const s = charge(emptyState(), 10, T0).state
    expect(decide(s, input({ records: [TIER, ROUTE] }), T0 + 1, false).verdict.outcome).toBe('deny')
    expect(decide(s, input({ records: [TIER] }), T0 + 1, false).verdict.outcome).toBe('allow')
  })

  it('keeps the state bounded (at most MAX_RECORD_RINGS rings) and round-trips it', () => {
    let state = emptyState()
    for (let i = 0; i < 100; i++) state = charge(state, 1, T0 + i, false, [{ key: `GET /r${i}|pii`, prefix: 'pii', limit: 1000 }]).state
    expect(Object.keys(state.records!).length).toBe(MAX_RECORD_RINGS)
    const text = encodeState(state)
    expect(decodeState(text)).toEqual(state)
    expect(text.length).toBeLessThan(4_000)
    // An old row without records decodes as before; reset forgets records usage.
    expect(decodeState(encodeState(emptyState())).records).toBeUndefined()
    expect(applyReset(state).records).toBeUndefined()
  })

  it('pure chargeRecords: zero counts change nothing', () => {
    expect(chargeRecords(undefined, [{ ...TIER, n: 0 }], T0, true)).toMatchObject({ fits: true, state: {} })
  })
})
