/**
 * @module Scenario 6: a well-behaved agent over six hours of realistic traffic never reaches 0.3.
 *
 * The agent works in tasks (list, a few product views, sometimes a search or an account check),
 * with sub-second to two-second gaps inside a task, 45–195 s between tasks and now and then a long
 * pause; it refreshes its token every 10 minutes. A seeded generator keeps the run reproducible.
 * (test/unit/risk/long-run.test.ts runs the same model for many seeds against decide() directly.)
 * False alarms matter as much as detection: every decision must stay below the log threshold.
 */
import { describe, expect, it, vi } from 'vitest'
import { agentId, mintToken } from '../../support/tokens'
import { sendDirect as send } from '../../support/http'
import { json, recordPoints, clockPerTest } from './support'

const clock = clockPerTest()

/** Park–Miller: small, seeded, good enough for traffic shapes. */
function prng(seed: number) {
  let s = seed
  return () => (s = (s * 48_271) % 2_147_483_647) / 2_147_483_647
}

const QUERIES = ['trail shoes', 'rain jacket', 'camp stove', 'head lamp', 'day pack', 'waterproof boots', 'warm gloves', 'cooking pot']
const SCOPES = ['products:read', 'search:execute', 'users:read', 'orders:read']

describe('scenario 6: a well-behaved agent over a long run', () => {
  it('six hours of ordinary traffic never crosses 0.3, and nothing is throttled or blocked', { timeout: 240_000 }, async () => {
    const points = recordPoints()
    const rand = prng(20_261_128)
    const sub = agentId('steady')
    const start = clock.now()
    const end = start + 6 * 3_600_000
    let token = await mintToken({ sub, scopes: SCOPES, tier: 'standard', ttl: 900 })
    let minted = start
    let maxRisk = 0
    let requests = 0
    const actions = new Map<string, number>()
    while (clock.now() < end) {
      if (clock.now() - minted > 10 * 60_000) {
        token = await mintToken({ sub, scopes: SCOPES, tier: 'standard', ttl: 900 })
        minted = clock.now()
      }
      const task = rand()
      const steps: [string, RequestInit][] = [['/api/products', {}]]
      const views = 1 + Math.floor(rand() * 4)
      for (let i = 0; i < views; i++) steps.push([`/api/products/${1 + Math.floor(rand() * 50)}`, {}])
      if (task < 0.4) steps.push(['/api/search', json({ query: QUERIES[Math.floor(rand() * QUERIES.length)], max_results: 5 })])
      if (task > 0.85) steps.push(['/api/users/me', {}], ['/api/orders', {}])
      for (const [path, init] of steps) {
        const r = await send(path, { token, ...init })
        await r.response.body?.cancel()
        requests++
        expect(r.response.status, `${path} at +${Math.round((clock.now() - start) / 60_000)} min`).not.toBe(429)
        expect(r.response.status).not.toBe(403)
        clock.advance(200 + Math.floor(rand() * 2_000))
      }
      clock.advance(45_000 + Math.floor(rand() * 150_000))
      if (rand() < 0.02) clock.advance(30 * 60_000)
    }
    // Data points are written in waitUntil: read them all once the run is over.
    await vi.waitFor(() => expect(points.all().filter((p) => p.agent === sub)).toHaveLength(requests), { timeout: 10_000 })
    for (const p of points.all().filter((p) => p.agent === sub)) {
      maxRisk = Math.max(maxRisk, p.risk)
      actions.set(p.action, (actions.get(p.action) ?? 0) + 1)
    }
    console.log(`long run: ${requests} requests over 6 h, max risk ${maxRisk}, actions ${JSON.stringify(Object.fromEntries(actions))}`)
    expect(requests).toBeGreaterThan(400)
    expect(maxRisk).toBeLessThan(0.3)
    expect([...actions.keys()]).toEqual(['none'])
  })
})
