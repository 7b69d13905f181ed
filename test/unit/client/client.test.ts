import { describe, expect, it } from 'vitest'
import { OAuthTokenError, TollgateClient, TollgateError, TollgateRateLimitError } from '../../../src/client/index'

const jwt = (sub: string, n = 0) => `h.${Buffer.from(JSON.stringify({ sub, n })).toString('base64url')}.s`
const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, request_id: 'r1' }), { status, headers: { 'content-type': 'application/problem+json', ...headers } })

type Handler = (req: Request, n: number) => Response | Promise<Response>

/** A fake edge and a virtual clock: sleeps only end when the test advances time. */
function harness(api: Handler, token: Handler = (_, n) => Response.json({ access_token: jwt('agent-7', n), token_type: 'Bearer', expires_in: 600, scope: 'products:read' })) {
  let now = 1_000_000
  const timers: Array<{ at: number; resolve: () => void }> = []
  const sent: Array<{ at: number; req: Request }> = []
  const tokenRequests: Request[] = []
  const sleeps: number[] = []
  const client = new TollgateClient({
    baseUrl: 'https://edge.test',
    clientId: 'demo client',
    clientSecret: 's3cr:t+/',
    random: () => 0.5,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms)
      return new Promise((resolve) => timers.push({ at: now + ms, resolve }))
    },
    fetch: async (req) => {
      if (new URL(req.url).pathname === '/oauth/token') {
        tokenRequests.push(req.clone())
        return token(req, tokenRequests.length)
      }
      sent.push({ at: now, req: req.clone() })
      return api(req, sent.length)
    },
  })
  const flush = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r))
  }
  const advance = async (ms: number) => {
    const until = now + ms
    for (;;) {
      await flush()
      timers.sort((a, b) => a.at - b.at)
      const next = timers[0]
      if (!next || next.at > until) break
      timers.shift()
      now = Math.max(now, next.at)
      next.resolve()
    }
    now = until
    await flush()
  }
  return { client, sent, tokenRequests, sleeps, flush, advance, now: () => now }
}

describe('TollgateClient', () => {
  it('sends the bearer token and X-Agent-ID (the token sub) on every call, fetching the token once', async () => {
    const h = harness(() => Response.json({ ok: true }))
    await Promise.all([h.client.fetch('/api/products'), h.client.fetch('/api/products/1'), h.client.json('/api/orders')])
    expect(h.tokenRequests).toHaveLength(1)
    for (const { req } of h.sent) {
      expect(req.headers.get('authorization')).toBe(`Bearer ${jwt('agent-7', 1)}`)
      expect(req.headers.get('x-agent-id')).toBe('agent-7')
    }
    const t = h.tokenRequests[0]!
    // RFC 6749 §2.3.1: form-encode, then base64.
    expect(t.headers.get('authorization')).toBe(`Basic ${btoa('demo+client:s3cr%3At%2B%2F')}`)
    expect(await t.text()).toBe('grant_type=client_credentials')
  })

  it('asks for a token per scope set and supports client_secret_post', async () => {
    const h = harness(() => Response.json({}))
    const post = new TollgateClient({ baseUrl: 'https://edge.test', clientId: 'c', clientSecret: 's', authMethod: 'client_secret_post', fetch: async (r) => {
      h.tokenRequests.push(r)
      return Response.json({ access_token: jwt('c'), expires_in: 60 })
    } })
    await post.token(['b', 'a'])
    await post.token(['a', 'b'])
    await post.token(['c'])
    expect(h.tokenRequests).toHaveLength(2)
    expect(await h.tokenRequests[0]!.text()).toBe('grant_type=client_credentials&scope=a+b&client_id=c&client_secret=s')
    expect(h.tokenRequests[0]!.headers.get('authorization')).toBeNull()
  })

  it('on 429 waits at least Retry-After (plus jitter), then retries with the same body', async () => {
    const h = harness((_, n) => (n === 1 ? problem(429, 'RATE_LIMITED', { 'retry-after': '2' }) : Response.json({ ok: true })))
    const call = h.client.fetch('/api/search', { method: 'POST', json: { query: 'tent' } })
    await h.advance(1_999)
    expect(h.sent).toHaveLength(1)
    await h.advance(1_000)
    expect((await call).status).toBe(200)
    expect(h.sent).toHaveLength(2)
    expect(h.sent[1]!.at - h.sent[0]!.at).toBeGreaterThanOrEqual(2_000)
    expect(await h.sent[1]!.req.text()).toBe('{"query":"tent"}')
    expect(h.sent[1]!.req.headers.get('content-type')).toBe('application/json')
  })

  it('honours the RateLimit field when Retry-After is absent', async () => {
    const h = harness((_, n) => (n === 1 ? problem(503, 'GUARD_UNAVAILABLE', { ratelimit: '"burst";r=9;t=1, "minute";r=0;t=12' }) : Response.json({})))
    const call = h.client.fetch('/api/products')
    await h.advance(11_999)
    expect(h.sent).toHaveLength(1)
    await h.advance(2_000)
    await call
    expect(h.sent[1]!.at - h.sent[0]!.at).toBeGreaterThanOrEqual(12_000)
  })

  it('sends nothing for any call while the server has asked this agent to wait', async () => {
    const h = harness((_, n) => (n === 1 ? problem(429, 'RATE_LIMITED', { 'retry-after': '5' }) : Response.json({})))
    const first = h.client.fetch('/api/products')
    await h.flush()
    expect(h.sent).toHaveLength(1)
    const others = [h.client.fetch('/api/products/1'), h.client.fetch('/api/orders'), h.client.fetch('/api/products/2')]
    await h.advance(4_999)
    expect(h.sent).toHaveLength(1)
    await h.advance(1_000)
    await Promise.all([first, ...others])
    expect(h.sent).toHaveLength(5)
    expect(h.sent.slice(1).every((s) => s.at >= h.sent[0]!.at + 5_000)).toBe(true)
  })

  it('stops after the retry cap with a typed rate-limit error', async () => {
    const h = harness(() => problem(429, 'RATE_LIMITED', { 'retry-after': '1' }))
    const call = h.client.fetch('/api/products').catch((e: unknown) => e)
    await h.advance(60_000)
    const error = (await call) as TollgateRateLimitError
    expect(error).toBeInstanceOf(TollgateRateLimitError)
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', attempts: 4, retryAfterSeconds: 1, requestId: 'r1' })
    expect(h.sent).toHaveLength(4)
  })

  it('fails fast when asked to wait longer than maxDelayMs, and refuses locally until then', async () => {
    const h = harness((_, n) => (n === 1 ? problem(429, 'BUDGET_EXHAUSTED', { 'retry-after': '120' }) : Response.json({})))
    await expect(h.client.fetch('/api/reports/generate', { method: 'POST' })).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED', attempts: 1, retryAfterSeconds: 120 })
    await expect(h.client.fetch('/api/products')).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED', attempts: 0 })
    expect(h.sent).toHaveLength(1)
    await h.advance(120_000)
    expect((await h.client.fetch('/api/products')).status).toBe(200)
  })

  it('backs off exponentially with jitter on 503 without hints', async () => {
    const h = harness(() => problem(503, 'GUARD_UNAVAILABLE'))
    const call = h.client.fetch('/api/products').catch((e: unknown) => e)
    await h.advance(60_000)
    expect(await call).toBeInstanceOf(TollgateRateLimitError)
    // random() = 0.5 → step * 0.75 for steps 250, 500, 1000.
    expect(h.sleeps).toEqual([188, 375, 750])
  })

  it.each([
    [403, 'INSUFFICIENT_SCOPE'],
    [400, 'INPUT_REJECTED'],
    [422, 'SCHEMA_VIOLATION'],
    [403, 'AGENT_BLOCKED'],
    [401, 'TOKEN_INVALID'],
  ])('never retries a %i %s: it throws a TollgateError carrying the code', async (status, code) => {
    const h = harness(() => problem(status, code))
    const error = await h.client.fetch('/api/search', { method: 'POST', json: {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TollgateError)
    expect(error).not.toBeInstanceOf(TollgateRateLimitError)
    expect(error).toMatchObject({ status, code, attempts: 1 })
    expect(h.sent).toHaveLength(1)
  })

  it('returns non-problem answers (an origin 404) to the caller', async () => {
    const h = harness(() => Response.json({ error: 'not found on origin' }, { status: 404 }))
    expect((await h.client.fetch('/api/products/999')).status).toBe(404)
  })

  it('refetches the token once on TOKEN_EXPIRED (clock skew), not twice', async () => {
    const h = harness((_, n) => (n <= 2 ? problem(401, 'TOKEN_EXPIRED') : Response.json({})))
    await expect(h.client.fetch('/api/products')).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' })
    expect(h.tokenRequests).toHaveLength(2)
    expect(h.sent).toHaveLength(2)
  })

  it('drops cached tokens on TOKEN_REVOKED, so the next call asks the issuer again', async () => {
    const h = harness((_, n) => (n === 1 ? problem(401, 'TOKEN_REVOKED') : Response.json({})))
    await expect(h.client.fetch('/api/products')).rejects.toMatchObject({ code: 'TOKEN_REVOKED' })
    await h.client.fetch('/api/products')
    expect(h.tokenRequests).toHaveLength(2)
  })

  it('surfaces token-endpoint refusals as OAuthTokenError without retrying them', async () => {
    const h = harness(() => Response.json({}), () => Response.json({ error: 'invalid_client', error_description: 'client authentication failed' }, { status: 401 }))
    const error = await h.client.fetch('/api/products').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuthTokenError)
    expect(error).toMatchObject({ status: 401, error: 'invalid_client' })
    expect(h.tokenRequests).toHaveLength(1)
    expect(h.sent).toHaveLength(0)
  })

  it('retries a token request answered 429 with Retry-After', async () => {
    const h = harness(
      () => Response.json({}),
      (_, n) => (n === 1 ? Response.json({ error: 'invalid_client' }, { status: 429, headers: { 'retry-after': '3' } }) : Response.json({ access_token: jwt('a'), expires_in: 60 })),
    )
    const call = h.client.fetch('/api/products')
    await h.advance(2_999)
    expect(h.tokenRequests).toHaveLength(1)
    await h.advance(1_000)
    await call
    expect(h.tokenRequests).toHaveLength(2)
  })
})
