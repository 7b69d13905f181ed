/** @module Risk scoring and enforcement tables: combination, decay, bands, shadow mode, escalation. */
import { describe, expect, it } from 'vitest'
import { emptyRiskState, type Reading } from '../../../src/guard/profile'
import { bandOf, decayFactor, enforce, score } from '../../../src/guard/risk'
import { DEFAULT_RISK_POLICY, type RiskPolicy } from '../../../src/guard/risk-policy'
import { T0 } from '../guard/fixtures'

const P = DEFAULT_RISK_POLICY
const r = (signal: Reading['signal'], strength: number): Reading => ({ signal, strength })

describe('bands (defaults from the issue)', () => {
  it.each([
    [0, 'none'],
    [0.29, 'none'],
    [0.3, 'log'],
    [0.49, 'log'],
    [0.5, 'throttle'],
    [0.69, 'throttle'],
    [0.7, 'block'],
    [0.89, 'block'],
    [0.9, 'revoke'],
    [1, 'revoke'],
  ] as const)('risk %f → %s', (risk, action) => {
    expect(bandOf(risk, P.thresholds)).toBe(action)
  })
})

describe('score', () => {
  it('level signals combine by noisy-OR and do not accumulate on their own', () => {
    let s = emptyRiskState()
    for (let i = 0; i < 50; i++) s = score(s, [r('pace', 1)], T0 + i * 1000, P).state
    expect(s.score).toBeCloseTo(P.signals.pace.weight, 2) // 0.2: pace alone never acts
  })

  it('events accumulate: each confident finding adds evidence', () => {
    let s = emptyRiskState()
    const risks: number[] = []
    for (let i = 0; i < 7; i++) {
      s = score(s, [r('findings', 1)], T0 + i * 5_000, P).state
      risks.push(s.score)
    }
    expect(risks.map((x) => bandOf(x, P.thresholds))).toEqual(['log', 'throttle', 'throttle', 'block', 'block', 'block', 'revoke'])
  })

  it('decays by half every half-life', () => {
    const s = score(emptyRiskState(), [r('enumeration', 1)], T0, P).state
    const later = score(s, [], T0 + P.halfLifeMs, P)
    expect(later.risk).toBeCloseTo(s.score / 2, 3)
    expect(decayFactor(0, P.halfLifeMs)).toBe(1)
  })

  it('shadow signals are reported but weigh nothing', () => {
    const policy: RiskPolicy = { ...P, signals: { ...P.signals, enumeration: { mode: 'shadow', weight: 0.9 } } }
    const out = score(emptyRiskState(), [r('enumeration', 1)], T0, policy)
    expect(out.risk).toBe(0)
    expect(out.anomalies).toEqual([{ signal: 'enumeration', strength: 1, shadow: true }])
  })

  it('stays in [0, 1] for any readings', () => {
    const all = (['enumeration', 'denials', 'pace', 'novel_endpoint', 'novel_transition', 'payload_size', 'sensitive_chain', 'findings'] as const).map((s) => r(s, 1))
    let s = emptyRiskState()
    for (let i = 0; i < 20; i++) s = score(s, all, T0 + i, P).state
    expect(s.score).toBeLessThanOrEqual(1)
    expect(s.score).toBeGreaterThan(0.99)
  })
})

describe('enforce', () => {
  const st = emptyRiskState()
  it('throttle sets a cool-down that outlives the band', () => {
    const e = enforce(st, 0.55, [], T0, P, null)
    expect(e).toMatchObject({ action: 'throttle', throttled: true })
    expect(e.state.throttleUntil).toBe(T0 + P.throttleMs)
    const later = enforce(e.state, 0.35, [], T0 + 60_000, P, null)
    expect(later).toMatchObject({ action: 'throttle', throttled: true }) // still cooling down
    expect(enforce(e.state, 0.35, [], T0 + P.throttleMs, P, null)).toMatchObject({ action: 'log', throttled: false })
  })

  it('block: a timed block, one alert, then extensions without new alerts', () => {
    const anomalies = [{ signal: 'enumeration' as const, strength: 1 }]
    const e = enforce(st, 0.75, anomalies, T0, P, null)
    expect(e.block).toEqual({ until: T0 + P.blockMs, reason: 'risk 0.75: enumeration' })
    expect(e.alert).toEqual({ severity: 'high', action: 'block', risk: 0.75, anomalies: ['enumeration'], blockedUntil: T0 + P.blockMs })
    expect(e.revokeBefore).toBeUndefined()
    const again = enforce(e.state, 0.8, anomalies, T0 + 1_000, P, e.block!)
    expect(again.alert).toBeUndefined()
    expect(again.block!.until).toBe(T0 + 1_000 + P.blockMs)
  })

  it('revoke: every token issued so far, one critical alert', () => {
    const e = enforce(st, 0.93, [], T0 + 400, P, null)
    expect(e.revokeBefore).toBe(Math.floor((T0 + 400) / 1000) + 1)
    expect(e.alert).toMatchObject({ severity: 'critical', action: 'revoke' })
    const again = enforce(e.state, 0.95, [], T0 + 1_000, P, e.block!)
    expect(again.revokeBefore).toBeUndefined()
    expect(again.alert).toBeUndefined()
  })

  it('never shortens an admin block', () => {
    const admin = { until: null, reason: 'admin' }
    expect(enforce(st, 0.75, [], T0, P, admin).block).toBe(admin)
  })

  it('shadow action policy: nothing enforced, the would-be action reported', () => {
    const shadow = { ...P, shadow: true }
    const e = enforce(st, 0.95, [], T0, shadow, null)
    expect(e).toEqual({ state: st, action: 'log', shadowAction: 'revoke', throttled: false })
  })
})
