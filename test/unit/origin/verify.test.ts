/** tollgate/origin in Node: the plain verifier, key rotation by kid, skew, replay and body rules. */
import { createServer } from 'node:http'
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AssertionConfig } from '../../../src/config/deployment'
import { AssertionVerifier, MemoryReplayStore, STREAMED_BODY, verify, type VerifyOptions } from '../../../src/origin/index'
import { assertOrigin } from '../../../src/proxy/assert-origin'

const ISS = 'https://api.example.com'
const AUD = 'https://origin.example.com'
const principal = { agentId: 'agent-7', scopes: ['a:read', 'b:write'], tier: 'standard', jti: 'j', iat: 0, exp: 0, meta: {} }

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true })
  return { priv: { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' } as unknown as Record<string, string>, pub: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } as JWK }
}
function gate(keys: Array<Record<string, string>>, active: string, over: Partial<AssertionConfig> = {}): AssertionConfig {
  return { issuer: ISS, audience: AUD, ttlSeconds: 60, keys: keys.map((jwk) => ({ kid: jwk['kid']!, alg: 'EdDSA' as const, jwk })), activeKid: active, publicJwks: { keys: [] }, body: 'digest', ...over }
}
async function signed(a: AssertionConfig, method: string, url: string, body?: Uint8Array | null) {
  const headers = new Headers()
  await assertOrigin(headers, a, { principal, requestId: 'rid-1', method, target: new URL(url), body: body === null ? undefined : (body ?? new Uint8Array(0)) })
  return headers
}

let k1: Awaited<ReturnType<typeof keyPair>>, k2: Awaited<ReturnType<typeof keyPair>>
let options: VerifyOptions
beforeAll(async () => {
  k1 = await keyPair('k1')
  k2 = await keyPair('k2')
  options = { issuer: ISS, audience: AUD, jwks: { keys: [k1.pub, k2.pub] } }
})

describe('verify(request)', () => {
  it('accepts a request exactly as the gate forwarded it, and returns the agent', async () => {
    const body = new TextEncoder().encode('{"q":1}')
    const headers = await signed(gate([k1.priv], 'k1'), 'POST', 'https://origin.example.com/api/x?y=1', body)
    const result = await verify(new Request('https://origin.example.com/api/x?y=1', { method: 'POST', headers, body }), options)
    expect(result).toMatchObject({ ok: true, agent: { id: 'agent-7', scopes: ['a:read', 'b:write'], tier: 'standard' } })
  })

  it('rotation: assertions signed by either published key verify (picked by kid)', async () => {
    for (const [priv, kid] of [[k1.priv, 'k1'], [k2.priv, 'k2']] as const) {
      const headers = await signed(gate([priv], kid), 'GET', 'https://o.test/a')
      expect((await new AssertionVerifier(options).verify(new Request('https://o.test/a', { headers }))).ok).toBe(true)
    }
    const retired = await keyPair('k0')
    const headers = await signed(gate([retired.priv], 'k0'), 'GET', 'https://o.test/a')
    expect(await new AssertionVerifier(options).verify(new Request('https://o.test/a', { headers }))).toMatchObject({ ok: false, code: 'ASSERTION_INVALID' })
  })

  it.each([
    ['another issuer', { issuer: 'https://evil.example' }],
    ['another audience', { audience: 'https://other-origin.example' }],
  ])('refuses an assertion for %s', async (_n, over) => {
    const headers = await signed(gate([k1.priv], 'k1', over), 'GET', 'https://o.test/a')
    expect(await new AssertionVerifier(options).verify(new Request('https://o.test/a', { headers }))).toMatchObject({ ok: false, code: 'ASSERTION_INVALID' })
  })

  it('clock skew: within the tolerance passes; older than the max age is expired or too old', async () => {
    const realNow = Date.now
    try {
      Date.now = () => realNow() - 3_000 // gate clock 3 s behind
      const skewed = await signed(gate([k1.priv], 'k1'), 'GET', 'https://o.test/a')
      Date.now = () => realNow() - 10 * 60_000 // 10 minutes old
      const stale = await signed(gate([k1.priv], 'k1'), 'GET', 'https://o.test/a')
      Date.now = realNow
      const v = new AssertionVerifier(options)
      expect((await v.verify(new Request('https://o.test/a', { headers: skewed }))).ok).toBe(true)
      const old = await v.verify(new Request('https://o.test/a', { headers: stale }))
      expect(old.ok).toBe(false)
      expect(['ASSERTION_EXPIRED', 'ASSERTION_INVALID']).toContain((old as { code: string }).code)
    } finally {
      Date.now = realNow
    }
  })

  it('a streamed body (no digest) is refused unless the origin accepts streamed bodies', async () => {
    const headers = await signed(gate([k1.priv], 'k1', { body: 'stream' }), 'PUT', 'https://o.test/upload', null)
    const req = () => new Request('https://o.test/upload', { method: 'PUT', headers, body: 'bytes' })
    expect(await new AssertionVerifier(options).verify(req())).toMatchObject({ ok: false, code: 'BODY_UNVERIFIED' })
    const accepted = await new AssertionVerifier({ ...options, streamedBodies: 'accept' }).verify(req())
    expect(accepted).toMatchObject({ ok: true, claims: { content_digest: STREAMED_BODY } })
  })
})

describe('verifyParts (Node http, Express…)', () => {
  it('takes a path, a plain header record and the raw body', async () => {
    const body = new TextEncoder().encode('a=1')
    const headers = await signed(gate([k1.priv], 'k1'), 'POST', 'https://o.test/form?x=%20y', body)
    const v = new AssertionVerifier(options)
    const record = Object.fromEntries(headers)
    expect((await v.verifyParts({ method: 'POST', url: '/form?x=%20y', headers: record, body })).ok).toBe(true)
    expect(await v.verifyParts({ method: 'POST', url: '/form?x=%20y', headers: record, body })).toMatchObject({ code: 'ASSERTION_REPLAYED' })
  })

  it('a header sent twice is refused, never half-read', async () => {
    const h = Object.fromEntries(await signed(gate([k1.priv], 'k1'), 'GET', 'https://o.test/a'))
    const token = h['x-tollgate-assertion']!
    expect(await new AssertionVerifier(options).verifyParts({ method: 'GET', url: '/a', headers: { 'x-tollgate-assertion': [token, token] } })).toMatchObject({ ok: false })
  })
})

describe('remote JWKS (the gate publishes its keys)', () => {
  let server: ReturnType<typeof createServer>
  const PORT = 8831
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: [k1.pub] })))
    await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', () => r()))
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('fetches and caches the JWKS by URL', async () => {
    const v = new AssertionVerifier({ ...options, jwks: `http://127.0.0.1:${PORT}/.well-known/tollgate/assertion-keys.json` })
    const headers = await signed(gate([k1.priv], 'k1'), 'GET', 'https://o.test/a')
    expect((await v.verify(new Request('https://o.test/a', { headers }))).ok).toBe(true)
  })

  it('an unreachable JWKS is 503 KEYS_UNAVAILABLE, not a pass', async () => {
    const v = new AssertionVerifier({ ...options, jwks: 'http://127.0.0.1:8839/keys.json' })
    const headers = await signed(gate([k1.priv], 'k1'), 'GET', 'https://o.test/a')
    expect(await v.verify(new Request('https://o.test/a', { headers }))).toMatchObject({ ok: false, status: 503, code: 'KEYS_UNAVAILABLE' })
  })
})

describe('MemoryReplayStore', () => {
  it('remembers each jti until it expires and stays bounded', () => {
    let now = 1000
    const store = new MemoryReplayStore({ maxEntries: 3, now: () => now })
    expect(store.remember('a', 1010)).toBe(true)
    expect(store.remember('a', 1010)).toBe(false)
    for (const id of ['b', 'c', 'd', 'e']) expect(store.remember(id, 1010)).toBe(true)
    now = 1011
    expect(store.remember('a', 1020)).toBe(true)
  })
})
