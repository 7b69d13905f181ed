/** @module decide() with a risk policy: signals end to end, throttle codes, state bounds and migration. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decide } from '../../../src/guard/decide'
import type { Verdict } from '../../../src/guard/protocol'
import { decodeState, emptyState, encodeState, type GuardState } from '../../../src/guard/state'
import { T0 } from '../guard/fixtures'
import { CHAIN, POLICY, prng, riskInput } from './fixtures'

const bytes = (s: GuardState) => new TextEncoder().encode(encodeState(s)).length
type Step = { readonly endpoint: string; readonly at: number } & Parameters<typeof riskInput>[1]

function run(steps: readonly Step[], start = emptyState()) {
  let state = start
  const verdicts: Verdict[] = []
  for (const { endpoint, at, ...o } of steps) {
    const d = decide(state, riskInput(endpoint, o), at, false)
    state = d.state
    verdicts.push(d.verdict)
  }
  return { state, verdicts }
}

/** One request every 40 s for `n` requests, on a few ordinary endpoints. */
const ordinary = (n: number, from = T0): Step[] =>
  Array.from({ length: n }, (_, i) => ({ endpoint: i % 2 ? 'GET /api/products' : 'GET /api/products/:id', resourceId: String((i % 10) + 1), at: from + i * 40_000 }))

describe('signals through decide()', () => {
  it('without a risk policy nothing is observed (direct RPC callers)', () => {
    const d = decide(emptyState(), { ...riskInput('GET /a'), risk: undefined }, T0, false)
    expect(d.state.profile.n).toBe(0)
    expect(d.verdict).toMatchObject({ risk: 0, action: 'none' })
  })

  it('a first-seen endpoint after warm-up is an anomaly; during warm-up it is not', () => {
    const early = run([...ordinary(5), { endpoint: 'GET /api/exports/:id', at: T0 + 300_000 }])
    expect(early.verdicts.at(-1)!.anomalies ?? []).toEqual([])
    const warm = run([...ordinary(60), { endpoint: 'GET /api/exports/:id', cost: 20, at: T0 + 60 * 40_000 }])
    expect(warm.verdicts.at(-1)!.anomalies).toEqual([{ signal: 'novel_endpoint', strength: 1 }])
    expect(warm.verdicts.at(-1)).toMatchObject({ action: 'log', outcome: 'allow' })
  })

  it('the aggregation chain within its window', () => {
    const { verdicts } = run(CHAIN.map((endpoint, i) => ({ endpoint, at: T0 + i * 10_000 })))
    expect(verdicts.at(-1)!.anomalies).toEqual([{ signal: 'sensitive_chain', strength: 1 }])
    expect(verdicts.at(-1)).toMatchObject({ action: 'throttle', risk: 0.6 })
  })

  it('throttled: over the scaled limits → 429 ABNORMAL_USAGE; over the real ones → the quota code', () => {
    const chain = run(CHAIN.map((endpoint, i) => ({ endpoint, at: T0 + i * 10_000 })))
    // Free tier rpm 60 × 0.25 = 15 per minute while throttled.
    const more = run(Array.from({ length: 16 }, (_, i) => ({ endpoint: 'GET /api/products', at: T0 + 30_000 + i * 100 + (i % 10 === 9 ? 1_000 : 0) })), chain.state)
    const denied = more.verdicts.filter((v) => v.outcome === 'deny')
    expect(denied.length).toBeGreaterThan(0)
    expect(denied[0]).toMatchObject({ code: 'ABNORMAL_USAGE', action: 'throttle' })
    expect(denied[0]!.outcome === 'deny' && denied[0]!.retryAfterSeconds).toBeGreaterThan(0)
    const minute = more.verdicts[0]!.policies.find((p) => p.name === 'minute')
    expect(minute?.limit).toBe(15)
  })

  it('repeated confident findings: block, then revoke with every earlier token', () => {
    const finding = { score: 1, ruleIds: ['PI-001'], verdict: 'block' as const }
    const { state, verdicts } = run(Array.from({ length: 8 }, (_, i) => ({ endpoint: 'POST /api/search', screening: finding, rejection: 'INPUT_REJECTED' as const, at: T0 + i * 5_000 })))
    expect(verdicts.map((v) => v.action)).toContain('block')
    const revoking = verdicts.find((v) => v.action === 'revoke')!
    expect(revoking).toMatchObject({ outcome: 'deny', code: 'AGENT_BLOCKED', alert: { severity: 'critical' } })
    expect(state.revokedBefore).toBeGreaterThan(T0 / 1000)
    expect(verdicts.filter((v) => v.alert).map((v) => v.alert!.action)).toEqual(['block', 'revoke'])
  })
})

describe('state', () => {
  it('round-trips with a full profile', () => {
    const { state } = run([...ordinary(80), ...CHAIN.slice(0, 2).map((endpoint, i) => ({ endpoint, at: T0 + 80 * 40_000 + i }))])
    expect(decodeState(encodeState(state))).toEqual(state)
  })

  it('a version 1 row (no profile) still decodes, with an empty profile', () => {
    const row = JSON.parse(encodeState(emptyState()))
    row.v = 1
    expect(decodeState(JSON.stringify(row)).profile.n).toBe(0)
  })

  it('stays within a few KB for any traffic (property)', () => {
    const endpoints = Array.from({ length: 40 }, (_, i) => `GET /api/e${i}/:id`)
    let worst = 0
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            e: fc.integer({ min: 0, max: 39 }),
            id: fc.string({ maxLength: 40 }),
            gap: fc.integer({ min: 0, max: 400_000 }),
            body: fc.integer({ min: 0, max: 2_000_000 }),
            flag: fc.boolean(),
          }),
          { maxLength: 400 },
        ),
        (steps) => {
          let state = emptyState()
          let t = T0
          for (const s of steps) {
            t += s.gap
            const screening = s.flag ? { score: 0.5, ruleIds: ['X'], verdict: 'flag' as const } : { score: 0, ruleIds: [], verdict: 'none' as const }
            state = decide(state, riskInput(endpoints[s.e]!, { resourceId: s.id, bodyBytes: s.body, screening }), t, false).state
          }
          worst = Math.max(worst, bytes(state))
          expect(bytes(state)).toBeLessThan(6 * 1024)
          expect(decodeState(encodeState(state))).toEqual(state)
        },
      ),
      { numRuns: 60 },
    )
    expect(worst).toBeGreaterThan(0)
  })

  it('worst case: every cap filled (endpoints, transitions, sketches, chains)', () => {
    const rand = prng(7)
    let state = emptyState()
    let t = T0
    for (let i = 0; i < 3_000; i++) {
      t += 500
      const e = `GET /api/endpoint-with-a-long-name-${Math.floor(rand() * 60)}/:id`
      state = decide(state, riskInput(e, { resourceId: String(i), bodyBytes: 1 + Math.floor(rand() * 1e6) }), t, false).state
      if (i % 7 === 0) state = decide(state, riskInput(CHAIN[0], {}), t, false).state
    }
    const p = state.profile
    expect(Object.keys(p.endpoints)).toHaveLength(24)
    expect(Object.keys(p.transitions)).toHaveLength(48)
    expect(p.sketches).toHaveLength(4)
    expect(bytes(state)).toBeLessThan(6 * 1024)
    console.log(`worst-case state row: ${bytes(state)} bytes (profile ${JSON.stringify(JSON.parse(encodeState(state)).p).length})`)
  })
})
