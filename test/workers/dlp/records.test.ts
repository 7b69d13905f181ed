/** @module Records budgets through HTTP: 429 RECORDS_BUDGET_EXHAUSTED, Retry-After, RateLimit, and the origin reached only when allowed. */
import { describe, expect, it } from 'vitest'
import { originSaw } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'
import { edgeWith, routesWith } from './support'

const BUDGET = { dlp: { pii: 'log' }, records_per_day: { 'pii.email': 5 } }

describe('records budget per route', () => {
  it('admits answers that fit, withholds the one that would cross (strict), then refuses before the origin', async () => {
    const get = edgeWith({ ROUTES: routesWith(BUDGET) })
    const token = await mintToken({ scopes: ['products:read'], sub: agentId('rec') })

    const first = await get('/api/leak/json?n=3', token)
    expect(first.status).toBe(200)
    expect(JSON.parse(first.text).customers).toHaveLength(3)
    expect(first.headers.get('ratelimit')).toContain('"records:pii.email:GET /api/leak/:kind";r=2')
    expect(first.headers.get('ratelimit-policy')).toContain('"records:pii.email:GET /api/leak/:kind";q=5;w=86400')

    // 3 + 3 > 5: this answer is withheld whole, never partly delivered.
    const second = await get('/api/leak/json?n=3', token)
    expect(second.status).toBe(429)
    expect(JSON.parse(second.text)).toMatchObject({ code: 'RECORDS_BUDGET_EXHAUSTED', type: 'https://iana.org/assignments/http-problem-types#quota-exceeded' })
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(second.text).not.toContain('@acmeshop.dev')
    expect(await originSaw(second.requestId)).toBe(true)

    // 3 + 2 = 5 still fits exactly.
    const third = await get('/api/leak/json?n=2', token)
    expect(third.status).toBe(200)
    expect(third.headers.get('ratelimit')).toContain('"records:pii.email:GET /api/leak/:kind";r=0')

    // Spent: refused by the guard before anything is forwarded.
    const fourth = await get('/api/leak/json?n=1', token)
    expect(fourth.status).toBe(429)
    expect(JSON.parse(fourth.text).code).toBe('RECORDS_BUDGET_EXHAUSTED')
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(fourth.headers.get('ratelimit')).toContain('"records:pii.email:GET /api/leak/:kind";r=0')
    expect(await originSaw(fourth.requestId)).toBe(false)

    // Other routes are not this route's budget.
    expect((await get('/api/products', token)).status).toBe(200)
  })

  it('a tier budget applies across routes; an answer larger than the whole budget never passes', async () => {
    const get = edgeWith({ ROUTES: routesWith({ dlp: { pii: 'log' } }), DLP_RECORDS_PER_DAY: { free: { pii: 4 } } })
    const token = await mintToken({ scopes: ['products:read'], sub: agentId('tier') })
    const huge = await get('/api/leak/json?n=5', token)
    expect(huge.status).toBe(429)
    expect(huge.headers.get('retry-after')).toBeNull()
    const ok = await get('/api/leak/json?n=4', token)
    expect(ok.status).toBe(200)
    const refused = await get('/api/products', token)
    expect(refused.status).toBe(429)
    expect(JSON.parse(refused.text).code).toBe('RECORDS_BUDGET_EXHAUSTED')
    expect(await originSaw(refused.requestId)).toBe(false)
  })

  it('crossing a budget raises the risk the guard reports', async () => {
    const get = edgeWith({ ROUTES: routesWith(BUDGET) })
    const sub = agentId('risk')
    const token = await mintToken({ scopes: ['products:read'], sub })
    await get('/api/leak/json?n=3', token)
    await get('/api/leak/json?n=3', token)
    const { env } = await import('cloudflare:workers')
    const snap = await env.AGENT_GUARD.getByName(sub).snapshot()
    expect(snap.risk).toBeGreaterThan(0.3)
  })
})
