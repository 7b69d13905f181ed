import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load'
import { configErrorOf } from '../../support/config-error'
import { fakeNamespace } from '../../support/namespace'

const JWKS = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'fwGe8kiEfwcvZVAmTcFGLKGSVOL9eD6kDOOnT2l2pIQ', kid: 'k1' }] }
const valid = () => ({
  ORIGIN_URL: 'https://api.example.com',
  JWT_ISSUER: 'https://auth.example.com',
  JWT_AUDIENCE: 'https://api.example.com',
  JWT_JWKS: JWKS,
  AGENT_GUARD: fakeNamespace(),
})

const errorOf = configErrorOf

describe('config', () => {
  it('parses a minimal env with the documented defaults', () => {
    const c = loadConfig(valid())
    expect(c.jwt.maxTtlSeconds).toBe(900)
    expect(c.jwt.algorithms).toEqual(['EdDSA', 'ES256'])
    expect(c.defaultTier).toBe('free')
    expect(c.tiers['premium']).toEqual({ rpm: 1000, burst: 100, daily: 100_000, costPerMinute: 2000 })
    expect(c.unmatchedRoutes).toBe('deny')
    expect(c.admin.prefix).toBe('/_tollgate/admin')
    expect(c.body.readTimeoutMs).toBe(10_000)
  })

  it('accepts JSON text for structured vars (from --var and .env files)', () => {
    const c = loadConfig({ ...valid(), JWT_JWKS: JSON.stringify(JWKS), JWT_ALGORITHMS: 'EdDSA, ES256', TIERS: '{"free":{"rpm":30}}' })
    expect(c.tiers['free']?.rpm).toBe(30)
    expect(c.jwt.algorithms).toEqual(['EdDSA', 'ES256'])
  })

  it('merges tier overrides and adds new tiers', () => {
    const c = loadConfig({ ...valid(), TIERS: { premium: { rpm: 900, cost_per_minute: 1800 }, batch: { rpm: 100, burst: 5, daily: 500 } } })
    expect(c.tiers['premium']).toMatchObject({ rpm: 900, burst: 100, costPerMinute: 1800 })
    expect(c.tiers['batch']).toMatchObject({ rpm: 100, burst: 5, daily: 500, costPerMinute: 200 })
  })

  it('memoises per env object', () => {
    const env = valid()
    expect(loadConfig(env)).toBe(loadConfig(env))
  })

  it.each([
    ['missing issuer', { JWT_ISSUER: undefined }, 'JWT_ISSUER'],
    ['no key source', { JWT_JWKS: undefined }, 'exactly one key source'],
    ['two key sources', { JWKS_URL: 'https://auth.example.com/jwks' }, 'exactly one key source'],
    ['HS256 with a JWKS', { JWT_ALGORITHMS: ['HS256'] }, 'HS256 is allowed only with JWT_HS256_SECRET'],
    ['asymmetric alg with an HS secret', { JWT_JWKS: undefined, JWT_HS256_SECRET: 'x'.repeat(40), JWT_ALGORITHMS: ['RS256'] }, 'must be ["HS256"]'],
    ['short HS secret', { JWT_JWKS: undefined, JWT_HS256_SECRET: 'short', JWT_ALGORITHMS: ['HS256'] }, 'JWT_HS256_SECRET'],
    ['alg none', { JWT_ALGORITHMS: ['none'] }, 'JWT_ALGORITHMS'],
    ['ttl above 15 minutes', { MAX_TOKEN_TTL_SECONDS: 3600 }, 'MAX_TOKEN_TTL_SECONDS'],
    ['clock tolerance above 60 s', { CLOCK_TOLERANCE_SECONDS: 120 }, 'CLOCK_TOLERANCE_SECONDS'],
    ['unknown default tier', { DEFAULT_TIER: 'gold' }, 'DEFAULT_TIER'],
    ['default tier named like an Object.prototype member', { DEFAULT_TIER: 'constructor' }, 'DEFAULT_TIER'],
    ['bad tier field', { TIERS: { free: { rpm: -1 } } }, 'TIERS.free.rpm'],
    ['unknown tier field', { TIERS: { free: { rps: 1 } } }, 'TIERS.free'],
    ['new tier missing fields', { TIERS: { gold: { rpm: 10 } } }, 'TIERS.gold'],
    ['burst above rpm', { TIERS: { free: { burst: 100 } } }, 'burst ≤ rpm ≤ daily'],
    ['bad route method', { ROUTES: [{ method: 'FETCH', path: '/x' }] }, 'ROUTES[0].method'],
    ['bad route path', { ROUTES: [{ method: 'GET', path: 'x/*' }] }, 'ROUTES[0].path'],
    ['duplicate route', { ROUTES: [{ method: 'GET', path: '/a/:id' }, { method: 'GET', path: '/a/:x' }] }, 'duplicate route'],
    ['bad fail mode', { ROUTES: [{ method: 'GET', path: '/a', failMode: 'sometimes' }] }, 'ROUTES[0].failMode'],
    ['no origin', { ORIGIN_URL: undefined }, 'ORIGIN_URL'],
    ['origin not a URL', { ORIGIN_URL: 'api.example.com' }, 'ORIGIN_URL'],
    ['missing DO binding', { AGENT_GUARD: undefined }, 'AGENT_GUARD'],
    ['short admin token', { ADMIN_TOKEN: 'abc' }, 'ADMIN_TOKEN'],
    ['body deadline too short', { BODY_READ_TIMEOUT_MS: 10 }, 'BODY_READ_TIMEOUT_MS'],
    ['body deadline not a number', { BODY_READ_TIMEOUT_MS: 'soon' }, 'BODY_READ_TIMEOUT_MS'],
  ])('%s fails closed naming the field', (_name, patch, expected) => {
    const message = errorOf({ ...valid(), ...patch })
    expect(message).toContain('Invalid Tollgate configuration')
    expect(message).toContain(expected)
  })

  it('never echoes secret values in errors', () => {
    const secret = 'super-secret-value'
    const message = errorOf({ ...valid(), JWT_JWKS: undefined, JWT_HS256_SECRET: secret, JWT_ALGORITHMS: ['EdDSA'] })
    expect(message).not.toContain(secret)
  })
})
