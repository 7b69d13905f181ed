import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { ClientAuthLimiter } from '../../../src/issuer/client-auth-limiter'
import { testSecret } from './bindings'
import { admin, call, decode, requestToken, tokenFor } from './support'

const limiter = () => env['CLIENT_AUTH_LIMITER'] as DurableObjectNamespace<ClientAuthLimiter>

describe('brute force: failed client authentications are limited per client id', () => {
  it('locks a client after ISSUER_MAX_FAILED_AUTH failures, even for the right secret, with Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await requestToken({ clientId: 't-lockout', secret: `guess-${i}` })).status).toBe(401)
    const locked = await requestToken({ clientId: 't-lockout' })
    expect(locked.status).toBe(429)
    expect(locked.body['error']).toBe('invalid_client')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(500)
    expect(locked.headers.get('cache-control')).toBe('no-store')
  })

  it('is exact under concurrency: 20 parallel guesses get exactly 5 secret checks', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => requestToken({ clientId: 't-lockout-2', secret: `guess-${i}` })))
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(15)
    expect(await limiter().getByName('t-lockout-2').failures(600)).toBe(5)
  })

  it('does not count successful authentications', async () => {
    for (let i = 0; i < 8; i++) expect((await requestToken({ clientId: 't-default-tier' })).status).toBe(200)
    // The refund runs in waitUntil; give it a moment.
    await new Promise((r) => setTimeout(r, 50))
    expect(await limiter().getByName('t-default-tier').failures(600)).toBe(0)
  })

  it('keeps no state for unknown client ids', async () => {
    for (let i = 0; i < 3; i++) expect((await requestToken({ clientId: `ghost-${i}`, secret: 'x' })).status).toBe(401)
    expect(await limiter().getByName('ghost-0').failures(600)).toBe(0)
  })
})

describe('blocked and revoked agents: the guard is consulted', () => {
  it('refuses a blocked agent with unauthorized_client (and Retry-After for a timed block), until unblocked', async () => {
    expect((await admin('/agents/t-blocked/block', { reason: 'test', duration_seconds: 120 })).status).toBe(200)
    const refused = await requestToken({ clientId: 't-blocked' })
    expect(refused.status).toBe(400)
    expect(refused.body['error']).toBe('unauthorized_client')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(100)
    expect((await admin('/agents/t-blocked/unblock', {})).status).toBe(200)
    expect((await requestToken({ clientId: 't-blocked' })).status).toBe(200)
  })

  it('after a revoke-all: the old token stops working and no new token until the cool-down passes', async () => {
    const old = await tokenFor('t-revoked')
    expect((await call('/api/products', old)).status).toBe(200)
    expect((await admin('/agents/t-revoked/revoke', { all: true })).status).toBe(200)
    const denied = await call('/api/products', old)
    expect(denied.status).toBe(401)
    expect(((await denied.json()) as { code: string }).code).toBe('TOKEN_REVOKED')
    const refused = await requestToken({ clientId: 't-revoked' })
    expect(refused.status).toBe(400)
    expect(refused.body['error']).toBe('unauthorized_client')
    const wait = Number(refused.headers.get('retry-after'))
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(11)
  })

  it('with no cool-down, a token minted right after a revoke-all (same second) is never caught by it', async () => {
    const noCooldown = { ...env, ISSUER_REVOCATION_COOLDOWN_SECONDS: 0 }
    for (let round = 0; round < 3; round++) {
      expect((await admin('/agents/t-revoked-0/revoke', { all: true })).status).toBe(200)
      let token: string | undefined
      for (let i = 0; i < 40 && !token; i++) {
        const r = await requestToken({ clientId: 't-revoked-0', env: noCooldown })
        if (r.status === 200) token = r.body['access_token'] as string
        else {
          expect(r.body['error']).toBe('unauthorized_client')
          await new Promise((res) => setTimeout(res, 100))
        }
      }
      expect(token).toBeDefined()
      const res = await call('/api/products', token!)
      expect(res.status, JSON.stringify(decode(token!).claims)).toBe(200)
    }
  })
})

describe('published metadata and key rotation', () => {
  it('serves the public JWKS: every configured key, never a private member', async () => {
    const res = await call('/.well-known/jwks.json', 'unused')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/)
    const { keys } = (await res.json()) as { keys: Array<Record<string, string>> }
    expect(keys.map((k) => k['kid'])).toEqual(['tollgate-demo-issuer-ed25519-2026-11', 'tollgate-demo-issuer-es256-2026-08'])
    for (const k of keys) {
      expect(k['d']).toBeUndefined()
      expect(k['use']).toBe('sig')
    }
  })

  it('serves RFC 8414 metadata, and the RFC 9728 resource metadata points at the issuer', async () => {
    const res = await call('/.well-known/oauth-authorization-server', 'unused')
    const meta = (await res.json()) as Record<string, unknown>
    expect(meta).toMatchObject({
      issuer: env['JWT_ISSUER'],
      // Built from PUBLIC_URL (the demo's), never from the Host the request came to (edge.test).
      token_endpoint: 'http://localhost:8787/oauth/token',
      jwks_uri: 'http://localhost:8787/.well-known/jwks.json',
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    })
    expect(meta['scopes_supported']).toContain('products:read')
    const prm = (await (await call('/.well-known/oauth-protected-resource', 'unused')).json()) as { authorization_servers: string[] }
    expect(prm.authorization_servers[0]).toBe(env['JWT_ISSUER'])
  })

  it('a token signed by the older, still-published key keeps verifying until that key is retired', async () => {
    const keys = JSON.parse(env['ISSUER_SIGNING_KEYS'] as string) as { keys: unknown[]; active: string }
    const olderSigns = { ...env, ISSUER_SIGNING_KEYS: JSON.stringify({ ...keys, active: 'tollgate-demo-issuer-es256-2026-08' }) }
    const token = await tokenFor('t-default-tier', {}, olderSigns)
    expect(decode(token).header).toMatchObject({ alg: 'ES256', kid: 'tollgate-demo-issuer-es256-2026-08' })
    expect((await call('/api/products', token)).status).toBe(200)
  })

  it('refuses to start when JWT_JWKS lacks an issuer key (its tokens would never verify)', async () => {
    const jwks = JSON.parse(env['JWT_JWKS'] as string) as { keys: Array<{ kid: string }> }
    const missing = { ...env, JWT_JWKS: JSON.stringify({ keys: jwks.keys.filter((k) => !k.kid.includes('es256')) }) }
    const r = await requestToken({ clientId: 't-default-tier', env: missing, secret: testSecret('t-default-tier') })
    expect(r.status).toBe(500)
    expect(r.body['code']).toBe('GATEWAY_MISCONFIGURED')
  })
})
