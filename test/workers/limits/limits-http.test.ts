/** The guard through HTTP: exact admission under concurrency, 429s, headers, fail closed / open. */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { appFor } from '../../../src/index'
import { originSaw, requestId, send } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'

afterEach(() => {
  vi.useRealTimers()
})

describe('limits through the edge', () => {
  it('N concurrent requests at an agent whose limit is L < N: exactly L reach the origin', async () => {
    // max_rpm lowers the tier's rpm (and burst) to 7 for this token.
    const token = await mintToken({ scopes: ['products:read'], tier: 'standard', claims: { max_rpm: 7 } })
    const ids = Array.from({ length: 30 }, () => requestId())
    const responses = await Promise.all(
      ids.map((id) => exports.default.fetch(new Request('https://edge.test/api/products', { headers: { authorization: `Bearer ${token}`, 'x-request-id': id } }))),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(7)
    expect(statuses.filter((s) => s === 429)).toHaveLength(23)
    const reached = await Promise.all(ids.map(originSaw))
    expect(reached.filter(Boolean)).toHaveLength(7)
    for (let i = 0; i < ids.length; i++) expect(reached[i]).toBe(statuses[i] === 200)
    for (const r of responses.filter((r) => r.status === 429)) {
      expect(r.headers.get('retry-after')).toMatch(/^[1-9]\d*$/)
      expect(await r.json()).toMatchObject({ code: 'RATE_LIMITED', type: 'https://iana.org/assignments/http-problem-types#quota-exceeded' })
    }
  })

  it('max_rpm can only lower the tier limit, never raise it', async () => {
    const token = await mintToken({ scopes: ['products:read'], tier: 'free', claims: { max_rpm: 100_000 } })
    const { response } = await send('/api/products', { token })
    expect(response.headers.get('ratelimit-policy')).toContain('"minute";q=60;w=60')
  })

  it('a 429 carries Retry-After equal to the real wait, and RateLimit fields; retrying then succeeds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-28T12:00:00.000Z'))
    const token = await mintToken({ scopes: ['products:read'], tier: 'free', claims: { max_rpm: 2 } })
    expect((await send('/api/products', { token })).response.status).toBe(200)
    vi.setSystemTime(new Date('2026-11-28T12:00:10.000Z'))
    const second = await send('/api/products', { token })
    expect(second.response.status).toBe(200)
    expect(second.response.headers.get('ratelimit')).toMatch(/"minute";r=0;t=\d+/)
    expect(second.response.headers.get('x-ratelimit-remaining')).toBe('0')
    const third = await send('/api/products', { token })
    expect(third.response.status).toBe(429)
    expect(await originSaw(third.requestId)).toBe(false)
    const retryAfter = Number(third.response.headers.get('retry-after'))
    // The first admission (t=0) leaves the 61 one-second buckets at t=61 s; we are at t=10 s.
    expect(retryAfter).toBe(51)
    vi.setSystemTime(new Date(Date.parse('2026-11-28T12:00:10.000Z') + (retryAfter - 1) * 1000))
    expect((await send('/api/products', { token })).response.status).toBe(429)
    vi.setSystemTime(new Date(Date.parse('2026-11-28T12:00:10.000Z') + retryAfter * 1000))
    expect((await send('/api/products', { token })).response.status).toBe(200)
  })

  it('the cost budget is charged with the route weight and answers BUDGET_EXHAUSTED', async () => {
    const token = await mintToken({ scopes: ['reports:generate'], tier: 'free' })
    const init = { token, method: 'POST', body: JSON.stringify({ report_type: 'sales' }), headers: { 'content-type': 'application/json' } }
    // free: 120 cost units per minute; a report costs 50 → two fit, the third does not.
    expect((await send('/api/reports/generate', init)).response.status).toBe(202)
    expect((await send('/api/reports/generate', init)).response.status).toBe(202)
    const third = await send('/api/reports/generate', init)
    expect(third.response.status).toBe(429)
    expect(await third.response.json()).toMatchObject({ code: 'BUDGET_EXHAUSTED' })
    expect(third.response.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(third.response.headers.get('ratelimit')).toContain('"cost-minute";r=20')
    expect(await originSaw(third.requestId)).toBe(false)
  })

  it('rejected requests do not consume quota', async () => {
    const sub = agentId()
    const token = await mintToken({ sub, scopes: ['search:execute'], tier: 'free', claims: { max_rpm: 3 } })
    const bad = { token, method: 'POST', body: JSON.stringify({ query: 'x', nope: 1 }), headers: { 'content-type': 'application/json' } }
    for (let i = 0; i < 5; i++) expect((await send('/api/search', bad)).response.status).toBe(422)
    const good = { ...bad, body: JSON.stringify({ query: 'shoes' }) }
    for (let i = 0; i < 3; i++) expect((await send('/api/search', good)).response.status).toBe(200)
    const snap = await env.AGENT_GUARD.getByName(sub).snapshot()
    expect(snap.admitted.total).toBe(3)
    expect(snap.rejected.total).toBe(5)
  })
})

/** A namespace whose stubs fail the way an overloaded or unreachable DO does. */
function failingGuard(mode: 'throw' | 'hang') {
  return {
    getByName: () => ({
      evaluate: () => (mode === 'throw' ? Promise.reject(new Error('Durable Object reset because its code was updated.')) : new Promise(() => {})),
    }),
  }
}

async function callWith(patch: Record<string, unknown>, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext()
  const e = { ...env, ...patch }
  const id = requestId()
  const headers = new Headers(init.headers)
  headers.set('x-request-id', id)
  const res = await appFor(e).fetch(new Request(`https://edge.test${path}`, { ...init, headers }), e, ctx)
  await waitOnExecutionContext(ctx)
  return { res, id }
}

describe('fail closed, or open where a route opts in', () => {
  it.each(['throw', 'hang'] as const)('guard %s → 503 GUARD_UNAVAILABLE with Retry-After; origin not called', async (mode) => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { res, id } = await callWith({ AGENT_GUARD: failingGuard(mode), GUARD_TIMEOUT_MS: 200 }, '/api/products', { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ code: 'GUARD_UNAVAILABLE' })
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await originSaw(id)).toBe(false)
  })

  it.each(['throw', 'hang'] as const)('guard %s on a failMode "open" route → forwarded, and a failed_open event is recorded', async (mode) => {
    const logs: string[] = []
    const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logs.push(String(line)))
    const writes = vi.spyOn(env.SECURITY_EVENTS, 'writeDataPoint')
    const token = await mintToken({ scopes: ['products:read'] })
    const { res, id } = await callWith({ AGENT_GUARD: failingGuard(mode), GUARD_TIMEOUT_MS: 200 }, '/api/echo-open', {
      method: 'POST',
      body: '{}',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    })
    expect(res.status).toBe(404) // the demo origin answers (it has no such handler): it was reached
    expect(await originSaw(id)).toBe(true)
    expect(logs.some((l) => l.includes('"event":"failed_open"'))).toBe(true)
    expect(writes).toHaveBeenCalledWith(expect.objectContaining({ blobs: expect.arrayContaining(['failed_open']) }))
    spy.mockRestore()
    writes.mockRestore()
  })
})

describe('refusals after authentication reach the guard', () => {
  it('a missing scope and an unknown route are counted by the guard and carry RateLimit fields', async () => {
    const sub = agentId()
    const token = await mintToken({ sub, scopes: ['products:read'] })
    const scope = await send('/api/users/me', { token })
    expect(scope.response.status).toBe(403)
    expect(scope.response.headers.get('ratelimit')).toMatch(/"minute";r=\d+/)
    const unknown = await send('/api/nope', { token })
    expect(unknown.response.status).toBe(404)
    expect(unknown.response.headers.get('ratelimit')).toMatch(/"minute";r=\d+/)
    const snap = await env.AGENT_GUARD.getByName(sub).snapshot()
    expect(snap.rejected.total).toBe(2)
    expect(snap.admitted.total).toBe(0)
    expect(await originSaw(scope.requestId)).toBe(false)
    expect(await originSaw(unknown.requestId)).toBe(false)
  })

  it('with the guard down, a refused request keeps its own answer (403), not 503', async () => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { res, id } = await callWith({ AGENT_GUARD: failingGuard('throw') }, '/api/users/me', { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'INSUFFICIENT_SCOPE' })
    expect(await originSaw(id)).toBe(false)
  })
})
