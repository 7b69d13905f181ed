import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { originSaw, send } from '../../support/http'
import { testSecret } from './bindings'
import { call, decode, edge, EDGE, requestToken, tokenFor } from './support'

const OAUTH_HEADERS = (h: Headers) => {
  expect(h.get('cache-control')).toBe('no-store')
  expect(h.get('pragma')).toBe('no-cache')
  expect(h.get('content-type')).toMatch(/^application\/json/)
}

describe('PBKDF2 iteration cap', () => {
  // Production Workers refuse more than 100,000 iterations, but open-source workerd (the test pool,
  // wrangler dev) has no cap (workerd PR #1471). So the config enforces the cap: a hash that would
  // verify here and throw after deploy is rejected at startup instead.
  it('local workerd accepts more than 100,000, so it cannot be what catches a bad hash', async () => {
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('s'), 'PBKDF2', false, ['deriveBits'])
    const derive = (iterations: number) => crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16), iterations }, key, 256)
    await expect(derive(100_000)).resolves.toBeInstanceOf(ArrayBuffer)
    await expect(derive(100_001)).resolves.toBeInstanceOf(ArrayBuffer)
  })

  it('a client hash above 100,000 iterations fails the config, naming the field', async () => {
    const clients = [{ client_id: 'x', scopes: ['products:read'], secret_hash: `pbkdf2-sha256$100001$${'A'.repeat(22)}$${'A'.repeat(43)}` }]
    const bad = { ...env, OAUTH_CLIENTS: clients }
    const res = await edge(new Request(`${EDGE}/api/products`), bad)
    expect(res.status).toBe(500)
    expect(((await res.json()) as { code: string }).code).toBe('GATEWAY_MISCONFIGURED')
  })
})

describe('POST /oauth/token (client credentials)', () => {
  it('issues an EdDSA token with kid, ≤ 15 min, fresh jti, aud and agent claims (client_secret_basic)', async () => {
    const r = await requestToken({ clientId: 't-basic' })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    OAUTH_HEADERS(r.headers)
    expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'products:read search:execute reviews:write' })
    const { header, claims } = decode(r.body['access_token'] as string)
    expect(header).toEqual({ alg: 'EdDSA', kid: 'tollgate-demo-issuer-ed25519-2026-11', typ: 'at+jwt' })
    expect(claims).toMatchObject({
      iss: env['JWT_ISSUER'],
      aud: env['JWT_AUDIENCE'],
      sub: 't-basic',
      client_id: 't-basic',
      tier: 'standard',
      agent_type: 'test-agent',
      agent_version: '1.0.0',
      agent_owner: 'tests@tollgate.local',
      max_rpm: 200,
    })
    expect(claims.exp! - claims.iat!).toBe(600)
    expect(Math.abs(claims.iat! - Date.now() / 1000)).toBeLessThan(5)
    const again = decode(await tokenFor('t-basic')).claims
    expect(again.jti).toMatch(/^[0-9a-f-]{36}$/)
    expect(again.jti).not.toBe(claims.jti)
  })

  it('accepts client_secret_post, and the default tier when the client names none', async () => {
    const r = await requestToken({ clientId: 't-default-tier', method: 'post' })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(decode(r.body['access_token'] as string).claims).toMatchObject({ sub: 't-default-tier', tier: 'free', scope: 'products:read' })
  })

  it('uses a configured agent id as sub', async () => {
    const token = await tokenFor('t-client')
    expect(decode(token).claims.sub).toBe('t-client-agent')
  })

  it('the verifier accepts issued tokens with no special case: the request reaches the origin', async () => {
    const token = await tokenFor('t-basic')
    const { response, requestId } = await send('/api/products', { token })
    expect(response.status).toBe(200)
    expect(await originSaw(requestId)).toBe(true)
  })

  it('grants the requested subset, and that subset is all the token can do', async () => {
    const r = await requestToken({ clientId: 't-basic', params: { scope: 'products:read' } })
    expect(r.body['scope']).toBe('products:read')
    const token = r.body['access_token'] as string
    expect((await call('/api/products', token)).status).toBe(200)
    const denied = await call('/api/search', token, { method: 'POST', body: JSON.stringify({ query: 'tent' }), headers: { 'content-type': 'application/json' } })
    expect(denied.status).toBe(403)
    expect(((await denied.json()) as { code: string }).code).toBe('INSUFFICIENT_SCOPE')
  })

  it('refuses scopes outside the allowed set with invalid_scope', async () => {
    const r = await requestToken({ clientId: 't-basic', params: { scope: 'products:read users:delete' } })
    expect(r.status).toBe(400)
    expect(r.body['error']).toBe('invalid_scope')
    OAUTH_HEADERS(r.headers)
  })

  it('accepts both secrets of a client mid-rotation', async () => {
    expect((await requestToken({ clientId: 't-rotating' })).status).toBe(200)
    expect((await requestToken({ clientId: 't-rotating', secret: `${testSecret('t-rotating')}-old` })).status).toBe(200)
  })

  it.each([
    ['unknown client', { clientId: 'nobody', secret: 'x' }],
    ['wrong secret (basic)', { clientId: 't-default-tier', secret: 'wrong' }],
    ['wrong secret (post)', { clientId: 't-default-tier', secret: 'wrong', method: 'post' as const }],
    ['no client authentication', { method: 'none' as const }],
    ['malformed Basic', { method: 'none' as const, headers: { authorization: 'Basic !!!' } }],
  ])('%s → 401 invalid_client with a Basic challenge', async (_, o) => {
    const r = await requestToken(o)
    expect(r.status).toBe(401)
    expect(r.body['error']).toBe('invalid_client')
    expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm="tollgate"/)
    OAUTH_HEADERS(r.headers)
  })

  it.each([
    ['a JSON body', { headers: { 'content-type': 'application/json' } }, 400, 'invalid_request'],
    ['no grant_type', { body: '' }, 400, 'invalid_request'],
    ['the password grant', { params: { grant_type: 'password' } }, 400, 'unsupported_grant_type'],
    ['two authentication methods', { params: { client_secret: 'x' } }, 400, 'invalid_request'],
    ['a repeated parameter', { body: 'grant_type=client_credentials&grant_type=client_credentials' }, 400, 'invalid_request'],
    ['the secret in the URI', { query: '?client_secret=x' }, 400, 'invalid_request'],
    ['a foreign resource (RFC 8707)', { params: { resource: 'https://elsewhere.example' } }, 400, 'invalid_target'],
    ['a malformed scope', { params: { scope: 'bad"scope' } }, 400, 'invalid_scope'],
  ])('%s → %i %s', async (_, o, status, error) => {
    const r = await requestToken({ clientId: 't-default-tier', ...o })
    expect(r.status, JSON.stringify(r.body)).toBe(status)
    expect(r.body['error']).toBe(error)
    expect(typeof r.body['error_description']).toBe('string')
    OAUTH_HEADERS(r.headers)
  })

  it('accepts its own resource indicator', async () => {
    expect((await requestToken({ clientId: 't-default-tier', params: { resource: env['JWT_AUDIENCE'] as string } })).status).toBe(200)
  })

  it('answers other methods with 405 and Allow: POST', async () => {
    const res = await edge(new Request(`${EDGE}/oauth/token`))
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request')
  })

  it('fails closed (503 temporarily_unavailable) when the guard cannot answer', async () => {
    const broken = { ...env, AGENT_GUARD: { getByName: () => ({ status: () => Promise.reject(new Error('down')) }) } }
    const r = await requestToken({ clientId: 't-default-tier', env: broken })
    expect(r.status).toBe(503)
    expect(r.body['error']).toBe('temporarily_unavailable')
    expect(r.headers.get('retry-after')).toBe('2')
  })

  it('is absent when ISSUER_ENABLED is off: no token route, no JWKS', async () => {
    const off = { ...env, ISSUER_ENABLED: 'false' }
    const r = await requestToken({ clientId: 't-default-tier', env: off })
    // The generic pipeline answers: a Basic credential is no bearer credential at all (RFC 6750 §3.1).
    expect(r.status).toBe(401)
    expect(r.body['code']).toBe('AUTH_MISSING')
    expect((await edge(new Request(`${EDGE}/.well-known/jwks.json`), off)).status).toBe(401)
  })
})
