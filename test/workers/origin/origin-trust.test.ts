/**
 * Issue 14 item 4: the origin trusts only the gate. The demo origin (tollgate/origin's Hono
 * middleware) refuses every request made around the edge; through the edge, each request carries
 * an assertion binding who passed and what was forwarded.
 */
import { env } from 'cloudflare:workers'
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, it } from 'vitest'
import { ASSERTION_HEADER, ASSERTION_JWKS_PATH, ASSERTION_TYP, contentDigest } from '../../../src/origin/contract'
import { gateHeaders, send } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'

const ORIGIN = 'https://origin.internal'
const direct = (path: string, init: RequestInit = {}) => env.ORIGIN.fetch(new Request(new URL(path, ORIGIN), init))

type Received = { received: { method: string; path: string; query: string; headers: Record<string, string>; gate?: Record<string, unknown>; gate_header?: Record<string, unknown> } }

describe('a direct call to the origin, around the edge, is refused', () => {
  it.for([
    ['GET', '/api/products'],
    ['GET', '/api/users/me'],
    ['POST', '/api/search'],
    ['DELETE', '/api/users/me/data'],
    ['POST', '/mcp'],
    ['GET', '/__demo/seen/x'],
  ] as const)('%s %s without an assertion → 401 ASSERTION_MISSING', async ([method, path], { expect }) => {
    const res = await direct(path, { method, ...(method === 'POST' ? { body: '{"query":"x"}', headers: { 'content-type': 'application/json' } } : {}) })
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(((await res.json()) as { code: string }).code).toBe('ASSERTION_MISSING')
  })

  it("with the agent's own identity headers (x-agent-id, x-agent-scopes) it is still refused", async ({ expect }) => {
    const res = await direct('/api/users/me', { headers: { 'x-agent-id': 'agent-1', 'x-agent-scopes': 'users:read', 'x-request-id': 'abcdefgh1' } })
    expect(res.status).toBe(401)
  })

  it("with the agent's access token in place of an assertion (wrong typ, wrong key) → ASSERTION_INVALID", async ({ expect }) => {
    const token = await mintToken({ scopes: ['users:read'] })
    const res = await direct('/api/users/me', { headers: { [ASSERTION_HEADER]: token } })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { code: string }).code).toBe('ASSERTION_INVALID')
  })

  it('signed by a key the gate does not publish → ASSERTION_INVALID', async ({ expect }) => {
    const { privateKey } = await generateKeyPair('EdDSA')
    const good = decodeJwt((await gateHeaders('GET', new URL('/api/orders', ORIGIN))).get(ASSERTION_HEADER)!)
    const forged = await new SignJWT({ ...good, jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'EdDSA', typ: ASSERTION_TYP, kid: 'tollgate-demo-assertion-ed25519-2026-12' })
      .sign(privateKey)
    const res = await direct('/api/orders', { headers: { [ASSERTION_HEADER]: forged } })
    expect(((await res.json()) as { code: string }).code).toBe('ASSERTION_INVALID')
  })

  it.for([
    ['another path', 'GET', '/api/users/me'],
    ['another query', 'GET', '/api/orders?all=1'],
    ['another method', 'DELETE', '/api/orders'],
  ] as const)('a valid assertion for GET /api/orders replayed on %s → ASSERTION_MISMATCH', async ([, method, path], { expect }) => {
    const headers = await gateHeaders('GET', new URL('/api/orders', ORIGIN))
    const res = await direct(path, { method, headers })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { code: string }).code).toBe('ASSERTION_MISMATCH')
  })

  it('a valid assertion with another body → BODY_MISMATCH', async ({ expect }) => {
    const signed = new TextEncoder().encode('{"query":"shoes"}')
    const headers = await gateHeaders('POST', new URL('/api/search', ORIGIN), signed)
    headers.set('content-type', 'application/json')
    const res = await direct('/api/search', { method: 'POST', headers, body: '{"query":"x\' OR 1=1 --"}' })
    expect(((await res.json()) as { code: string }).code).toBe('BODY_MISMATCH')
  })

  it('the same assertion twice: the second is ASSERTION_REPLAYED', async ({ expect }) => {
    const headers = await gateHeaders('GET', new URL('/api/products', ORIGIN))
    expect((await direct('/api/products', { headers })).status).toBe(200)
    const again = await direct('/api/products', { headers })
    expect(again.status).toBe(401)
    expect(((await again.json()) as { code: string }).code).toBe('ASSERTION_REPLAYED')
  })
})

describe('through the edge, each forwarded request carries an assertion of what passed', () => {
  it('binds agent, scopes, tier, request id, method, path+query and the body digest', async ({ expect }) => {
    const sub = agentId()
    const token = await mintToken({ sub, scopes: ['search:execute'], tier: 'standard' })
    const body = JSON.stringify({ query: 'trail shoe', max_results: 3 })
    const { response, requestId } = await send('/api/search?lang=en', { method: 'POST', token, body, headers: { 'content-type': 'application/json' } })
    expect(response.status).toBe(200)
    const seen = ((await response.json()) as Received).received
    // The demo origin verified the assertion and echoes its claims (never the token itself).
    expect(seen.headers[ASSERTION_HEADER]).toBe('(verified)')
    expect(seen.gate_header).toMatchObject({ alg: 'EdDSA', typ: ASSERTION_TYP, kid: 'tollgate-demo-assertion-ed25519-2026-12' })
    const claims = seen.gate as ReturnType<typeof decodeJwt>
    expect(claims).toMatchObject({
      iss: 'http://localhost:8787',
      aud: 'tollgate-demo-origin',
      sub,
      scope: 'search:execute',
      tier: 'standard',
      rid: requestId,
      htm: 'POST',
      htu: '/api/search?lang=en',
      content_digest: await contentDigest(new TextEncoder().encode(body)),
    })
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(60)
  })

  it("an agent cannot send its own assertion through: the edge replaces it", async ({ expect }) => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { response } = await send('/api/products', { token, headers: { [ASSERTION_HEADER]: 'a.b.c' } })
    expect(response.status).toBe(200)
    const seen = ((await response.json()) as Received).received
    expect(seen.headers[ASSERTION_HEADER]).toBe('(verified)')
    expect(seen.gate?.['sub']).toBeDefined()
  })

  it(`publishes the verification keys at ${ASSERTION_JWKS_PATH}, public parts only`, async ({ expect }) => {
    const { response } = await send(ASSERTION_JWKS_PATH)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toContain('public')
    const jwks = (await response.json()) as { keys: Array<Record<string, string>> }
    expect(jwks.keys.map((k) => k['kid'])).toEqual(['tollgate-demo-assertion-ed25519-2026-12'])
    expect(jwks.keys.every((k) => !('d' in k))).toBe(true)
    const expected = { ...(await exportJWK((await generateKeyPair('EdDSA', { extractable: true })).publicKey)) }
    expect(Object.keys(jwks.keys[0]!)).toEqual(expect.arrayContaining(Object.keys(expected)))
  })
})
