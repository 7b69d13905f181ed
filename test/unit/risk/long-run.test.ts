/**
 * @module False alarms: many simulated agents, six hours each of well-behaved traffic through
 * decide(), none may reach the log threshold (0.3). The workers test runs one of them end to end.
 */
import { describe, expect, it } from 'vitest'
import { decide } from '../../../src/guard/decide'
import { emptyState } from '../../../src/guard/state'
import { T0 } from '../guard/fixtures'
import { prng, riskInput } from './fixtures'

function wellBehaved(seed: number) {
  const rand = prng(seed)
  let state = emptyState()
  let t = T0
  let max = 0
  let n = 0
  const end = T0 + 6 * 3_600_000
  while (t < end) {
    const task = rand()
    const steps: [string, Parameters<typeof riskInput>[1]][] = [['GET /api/products', {}]]
    const views = 1 + Math.floor(rand() * 4)
    for (let i = 0; i < views; i++) steps.push(['GET /api/products/:id', { resourceId: String(1 + Math.floor(rand() * 50)) }])
    if (task < 0.4) steps.push(['POST /api/search', { cost: 5, bodyBytes: 30 + Math.floor(rand() * 40) }])
    if (task > 0.85) steps.push(['GET /api/users/me', {}], ['GET /api/orders', {}])
    for (const [endpoint, o] of steps) {
      const d = decide(state, riskInput(endpoint, { limits: { tier: 'standard', burst: 50, rpm: 300, daily: 10_000, costPerMinute: 600 }, ...o }), t, false)
      state = d.state
      max = Math.max(max, d.verdict.risk)
      n++
      t += 200 + Math.floor(rand() * 2_000)
    }
    t += 20_000 + Math.floor(rand() * 70_000)
    if (rand() < 0.02) t += 30 * 60_000
  }
  return { max, n }
}

describe('well-behaved agents over six hours', () => {
  it('40 seeded agents never reach 0.3', () => {
    const runs = Array.from({ length: 40 }, (_, i) => wellBehaved(1_000 + i))
    const worst = Math.max(...runs.map((r) => r.max))
    console.log(`max risk over 40 agents × 6 h (${runs.reduce((a, r) => a + r.n, 0)} requests): ${worst}`)
    expect(worst).toBeLessThan(0.3)
  })
})
