import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { TollgateClient, TollgateError, type ClientEvent } from '../../../src/client/index'
import type { AgentSnapshot } from '../../../src/guard/protocol'
import { testSecret } from './bindings'
import { admin, call, EDGE, tokenFor } from './support'

/** A client on the real edge in workerd, recording what it sends and what comes back. */
function agent(clientId: string, extra: Partial<ConstructorParameters<typeof TollgateClient>[0]> = {}) {
  const log: Array<{ kind: 'sent' | 'answer'; at: number; status?: number; waitMs?: number }> = []
  const client = new TollgateClient({
    baseUrl: EDGE,
    clientId,
    clientSecret: testSecret(clientId),
    ...extra,
    fetch: async (req) => {
      const api = new URL(req.url).pathname !== '/oauth/token'
      if (api) log.push({ kind: 'sent', at: Date.now() })
      const res = await exports.default.fetch(req)
      if (api) {
        const ra = res.headers.get('retry-after')
        log.push({ kind: 'answer', at: Date.now(), status: res.status, ...(ra ? { waitMs: Number(ra) * 1000 } : {}) })
      }
      return res
    },
  })
  return { client, log }
}

const snapshot = async (id: string) => (await (await admin(`/agents/${id}/snapshot`)).json()) as AgentSnapshot

describe('TollgateClient against the edge in workerd', () => {
  it('gets a token from the issuer and browses, with X-Agent-ID accepted by the edge', async () => {
    const events: ClientEvent[] = []
    const { client } = agent('t-client', { onEvent: (e) => events.push(e) })
    const res = await client.fetch('/api/products', { scopes: ['products:read'] })
    expect(res.status).toBe(200)
    const echoed = ((await res.json()) as { received: { headers: Record<string, string> } }).received.headers
    expect(echoed['x-agent-id']).toBe('t-client-agent')
    const search = await client.json<{ results: unknown[] }>('/api/search', { method: 'POST', json: { query: 'shoe' }, scopes: ['search:execute'] })
    expect(search.results.length).toBeGreaterThan(0)
    expect(events.filter((e) => e.type === 'token').map((e) => (e as { scope: string }).scope)).toEqual(['products:read', 'search:execute'])
  })

  it('surfaces a denial as a typed error with the stable code, without retrying it', async () => {
    const { client, log } = agent('t-problem')
    const error = await client.fetch('/api/reviews', { method: 'POST', json: { product_id: '1', rating: 5, text: 'ok' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TollgateError)
    expect(error).toMatchObject({ status: 403, code: 'INSUFFICIENT_SCOPE', attempts: 1 })
    expect((error as TollgateError).requestId).toMatch(/.+/)
    expect(log.filter((l) => l.kind === 'sent')).toHaveLength(1)
  })

  it('never hammers after a 429: nothing is sent until Retry-After has passed, and rejections stay bounded', async () => {
    const { client, log } = agent('t-burst', { retry: { maxRetries: 6 } })
    // 25 at once against a free tier (burst 10/s): the edge must refuse some. The test route has
    // screening off, so only the limits speak (the origin answers it 404, which the client returns).
    const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => client.fetch('/api/raw', { method: 'POST', json: { page: i } })))
    const answers = log.filter((l) => l.kind === 'answer')
    const refusals = answers.filter((a) => a.status === 429)
    expect(refusals.length, JSON.stringify(answers.map((a) => a.status))).toBeGreaterThan(0)
    expect(results.every((r) => r.status === 'fulfilled' && r.value.status === 404)).toBe(true)

    // The contract: after any 429 arrives, the agent sends nothing until its Retry-After elapsed.
    for (const r of refusals) {
      expect(r.waitMs, 'every 429 carries a Retry-After the client read').toBeGreaterThan(0)
      const early = log.filter((l) => l.kind === 'sent' && l.at > r.at && l.at < r.at + r.waitMs!)
      expect(early).toHaveLength(0)
    }
    // The guard saw exactly the refusals we saw: the first concurrent burst plus at most a few races.
    const snap = await snapshot('t-burst')
    expect(snap.rejected.total).toBe(refusals.length)
    expect(snap.rejected.total).toBeLessThanOrEqual(25)
    expect(snap.blocked).toBeNull()
  })

  it('for contrast, a naive agent that ignores 429 piles up rejections the guard counts as pressure', async () => {
    const token = await tokenFor('t-naive')
    // 40 at once, as a naive agent fires them: the count no longer depends on how fast the
    // (shared) machine serves a sequential loop, only on the free tier's burst of 10.
    const answers = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const res = await call('/api/products', token)
        await res.body?.cancel()
        return res.status
      }),
    )
    const refused = answers.filter((s) => s === 429).length
    const snap = await snapshot('t-naive')
    expect(snap.rejected.total).toBe(refused)
    expect(refused).toBeGreaterThan(25)
  })

  it('refreshes its token before expiry with one request for many concurrent callers', async () => {
    let clock = Date.now()
    let tokenRequests = 0
    const client = new TollgateClient({
      baseUrl: EDGE,
      clientId: 't-expiry',
      clientSecret: testSecret('t-expiry'),
      now: () => clock,
      fetch: (req) => {
        if (new URL(req.url).pathname === '/oauth/token') tokenRequests++
        return exports.default.fetch(req)
      },
    })
    await Promise.all(Array.from({ length: 5 }, () => client.fetch('/api/products')))
    expect(tokenRequests).toBe(1)
    clock += (Number(env['ISSUER_TOKEN_TTL_SECONDS']) - 29) * 1_000 // inside the 30 s refresh window
    await Promise.all(Array.from({ length: 5 }, () => client.fetch('/api/products')))
    expect(tokenRequests).toBe(2)
  })
})
