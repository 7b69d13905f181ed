import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load'
import { issuerEnv } from './fixtures'
import { configErrorOf } from '../../support/config-error'

let base: Awaited<ReturnType<typeof issuerEnv>>
beforeAll(async () => {
  base = await issuerEnv()
})

const errorOf = configErrorOf

describe('issuer config', () => {
  it('is off by default and needs nothing then', () => {
    const { ISSUER_ENABLED, ISSUER_SIGNING_KEYS, OAUTH_CLIENTS, CLIENT_AUTH_LIMITER, ...rest } = base.env
    expect(loadConfig(rest).issuer).toEqual({ enabled: false })
  })

  it('parses keys, clients and defaults when on', () => {
    const c = loadConfig({ ...base.env })
    if (!c.issuer.enabled) throw new Error('expected enabled')
    expect(c.issuer.activeKid).toBe('ed-new')
    expect(c.issuer.keys.map((k) => [k.kid, k.alg])).toEqual([['ed-new', 'EdDSA'], ['es-old', 'ES256']])
    expect(c.issuer.publicJwks.keys.every((k) => k['d'] === undefined)).toBe(true)
    expect(c.issuer.ttlSeconds).toBe(300)
    expect(c.issuer.revocationCooldownSeconds).toBe(300)
    expect(c.issuer.lockout).toEqual({ maxFailures: 10, windowSeconds: 900 })
    expect(c.issuer.clients.get('agent-a')).toMatchObject({ agentId: 'agent-a', tier: 'standard', maxRpm: 100, owner: 'ops@example.com' })
    expect(c.issuer.clients.get('agent-b')).toMatchObject({ agentId: 'b-instance-1', tier: 'free' })
    expect(c.issuer.scopes).toEqual(['products:read', 'search:execute'])
  })

  it('without `active`, the first key signs', () => {
    const c = loadConfig({ ...base.env, ISSUER_SIGNING_KEYS: JSON.stringify({ keys: [base.keys.esJwk, base.keys.edJwk] }) })
    expect(c.issuer.enabled && c.issuer.activeKid).toBe('es-old')
  })

  it.each([
    ['no signing keys', { ISSUER_SIGNING_KEYS: undefined }, 'ISSUER_SIGNING_KEYS'],
    ['no clients', { OAUTH_CLIENTS: [] }, 'OAUTH_CLIENTS'],
    ['no limiter binding', { CLIENT_AUTH_LIMITER: undefined }, 'CLIENT_AUTH_LIMITER'],
    ['a TTL over 15 minutes', { ISSUER_TOKEN_TTL_SECONDS: 901 }, 'ISSUER_TOKEN_TTL_SECONDS'],
    ['a TTL over MAX_TOKEN_TTL_SECONDS', { ISSUER_TOKEN_TTL_SECONDS: 600, MAX_TOKEN_TTL_SECONDS: 300 }, 'ISSUER_TOKEN_TTL_SECONDS'],
    ['an unknown active kid', { ISSUER_SIGNING_KEYS: { keys: [], active: 'x' } }, 'ISSUER_SIGNING_KEYS'],
    ['a public key where a private one belongs', { ISSUER_SIGNING_KEYS: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), kid: 'k' }] } }, 'ISSUER_SIGNING_KEYS'],
    ['an RSA key', { ISSUER_SIGNING_KEYS: { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB', d: 'x', kid: 'k' }] } }, 'ISSUER_SIGNING_KEYS'],
    ['an issuer key missing from JWT_JWKS', { JWT_JWKS: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), kid: 'ed-new' }] } }, 'JWT_JWKS'],
    ['an algorithm the verifier does not allow', { JWT_ALGORITHMS: ['EdDSA'] }, 'JWT_ALGORITHMS'],
    ['a bad hash', { OAUTH_CLIENTS: [{ client_id: 'x', secret_hash: 'sha1$abc', scopes: ['a'] }] }, 'OAUTH_CLIENTS[0].secret_hash'],
    ['too many iterations for Workers', { OAUTH_CLIENTS: [{ client_id: 'x', secret_hash: `pbkdf2-sha256$200000$${'A'.repeat(22)}$${'A'.repeat(43)}`, scopes: ['a'] }] }, 'OAUTH_CLIENTS[0].secret_hash'],
    ['an unknown tier', { OAUTH_CLIENTS: [{ client_id: 'x', secret_hash: `pbkdf2-sha256$100000$${'A'.repeat(22)}$${'A'.repeat(43)}`, scopes: ['a'], tier: 'gold' }] }, 'OAUTH_CLIENTS[0].tier'],
    ['a typo in a client field', { OAUTH_CLIENTS: [{ client_id: 'x', secret_hash: `pbkdf2-sha256$100000$${'A'.repeat(22)}$${'A'.repeat(43)}`, scopes: ['a'], maxrpm: 3 }] }, 'OAUTH_CLIENTS[0]'],
    ['a client id with a slash', { OAUTH_CLIENTS: [{ client_id: 'a/b', secret_hash: `pbkdf2-sha256$100000$${'A'.repeat(22)}$${'A'.repeat(43)}`, scopes: ['a'] }] }, 'OAUTH_CLIENTS[0].client_id'],
  ])('fails closed on %s, naming %s', (_, patch, field) => {
    const message = errorOf({ ...base.env, ...patch })
    expect(message).toContain(field)
  })

  it('fails on duplicate client ids and agent ids', () => {
    const clients = base.env['OAUTH_CLIENTS'] as Array<Record<string, unknown>>
    expect(errorOf({ ...base.env, OAUTH_CLIENTS: [clients[0], clients[0]] })).toContain('duplicate client_id')
    expect(errorOf({ ...base.env, OAUTH_CLIENTS: [clients[0], { ...clients[1], agent_id: 'agent-a' }] })).toContain('agent_id')
  })

  it('never echoes a private key or a hash in its errors', () => {
    const d = base.keys.edJwk.d as string
    const message = errorOf({ ...base.env, JWT_ALGORITHMS: ['ES256'], OAUTH_CLIENTS: [{ client_id: 'x', secret_hash: 'pbkdf2-sha256$5$c2FsdHNhbHRzYWx0c2FsdA$bad', scopes: ['a'] }] })
    expect(message).not.toBe('')
    expect(message).not.toContain(d)
    expect(message).not.toContain('c2FsdHNhbHRzYWx0c2FsdA')
  })

  it('accepts JSON text (wrangler secrets and .env files deliver strings)', () => {
    const c = loadConfig({ ...base.env, ISSUER_SIGNING_KEYS: JSON.stringify(base.env['ISSUER_SIGNING_KEYS']), OAUTH_CLIENTS: JSON.stringify(base.env['OAUTH_CLIENTS']), ISSUER_TOKEN_TTL_SECONDS: '120' })
    expect(c.issuer.enabled && c.issuer.ttlSeconds).toBe(120)
  })
})
