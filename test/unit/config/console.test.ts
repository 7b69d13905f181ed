/** Console, event-log and admin-limit configuration: defaults, and every bad field named (fail closed). */
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load'
import { configErrorOf } from '../../support/config-error'

const JWKS = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'fwGe8kiEfwcvZVAmTcFGLKGSVOL9eD6kDOOnT2l2pIQ', kid: 'k1' }] }
const valid = () => ({ ORIGIN_URL: 'https://api.example.com', JWT_ISSUER: 'https://auth.example.com', JWT_AUDIENCE: 'https://api.example.com', JWT_JWKS: JWKS, AGENT_GUARD: { getByName: () => ({}) } })
const NS = { getByName: () => ({}) }
const admin = () => ({ ...valid(), ADMIN_TOKEN: 'an-admin-token-0123456789', ADMIN_AUTH_LIMITER: NS })

describe('console config', () => {
  it('defaults: no console without ADMIN_TOKEN or Access; the documented limits', () => {
    const c = loadConfig(valid()).console
    expect(c.enabled).toBe(false)
    expect(c.lockout).toEqual({ perAddress: { maxFailures: 10, windowSeconds: 900 }, overall: { maxFailures: 100, windowSeconds: 900 } })
    expect(c.eventLog).toMatchObject({ client: undefined, shards: 4, capacity: 1000, maxPerSecond: 200 })
    expect(c.analytics).toBeUndefined()
  })

  it('ADMIN_TOKEN enables the console; the session key derives from it unless CONSOLE_SESSION_SECRET is set', () => {
    expect(loadConfig(admin()).console).toMatchObject({ enabled: true, sessionSecret: 'an-admin-token-0123456789', sessionTtlSeconds: 3600 })
    expect(loadConfig({ ...admin(), CONSOLE_SESSION_SECRET: 's'.repeat(40) }).console.sessionSecret).toBe('s'.repeat(40))
  })

  it('Access: the team name becomes the issuer and certs URL', () => {
    const c = loadConfig({ ...valid(), ADMIN_AUTH_LIMITER: NS, CONSOLE_ACCESS_TEAM: 'acme', CONSOLE_ACCESS_AUD: 'a'.repeat(64), CONSOLE_SESSION_SECRET: 's'.repeat(40) }).console
    expect(c.access).toEqual({ issuer: 'https://acme.cloudflareaccess.com', certsUrl: 'https://acme.cloudflareaccess.com/cdn-cgi/access/certs', aud: 'a'.repeat(64) })
    expect(c.enabled).toBe(true)
  })

  it('Analytics Engine SQL with both secrets; the API base is trimmed', () => {
    const c = loadConfig({ ...admin(), ANALYTICS_ACCOUNT_ID: '0123456789abcdef0123456789abcdef', ANALYTICS_API_TOKEN: 't'.repeat(40), ANALYTICS_API_BASE: 'http://127.0.0.1:9/client/v4/' }).console
    expect(c.analytics).toEqual({ accountId: '0123456789abcdef0123456789abcdef', token: 't'.repeat(40), dataset: 'tollgate_security_events', apiBase: 'http://127.0.0.1:9/client/v4' })
  })

  it.each([
    ['admin without the limiter binding', { ...valid(), ADMIN_TOKEN: 'an-admin-token-0123456789' }, 'ADMIN_AUTH_LIMITER'],
    ['half an Access setup', { ...admin(), CONSOLE_ACCESS_TEAM: 'acme' }, 'CONSOLE_ACCESS_AUD'],
    ['a team with a scheme', { ...admin(), CONSOLE_ACCESS_TEAM: 'https://acme.cloudflareaccess.com', CONSOLE_ACCESS_AUD: 'a'.repeat(64) }, 'CONSOLE_ACCESS_TEAM'],
    ['Access alone without a session secret', { ...valid(), ADMIN_AUTH_LIMITER: NS, CONSOLE_ACCESS_TEAM: 'acme', CONSOLE_ACCESS_AUD: 'a'.repeat(64) }, 'CONSOLE_SESSION_SECRET'],
    ['a short session secret', { ...admin(), CONSOLE_SESSION_SECRET: 'short' }, 'CONSOLE_SESSION_SECRET'],
    ['a session over 12 hours', { ...admin(), CONSOLE_SESSION_TTL_SECONDS: 86_400 }, 'CONSOLE_SESSION_TTL_SECONDS'],
    ['per-address above overall', { ...admin(), ADMIN_MAX_FAILED_AUTH: 50, ADMIN_MAX_FAILED_AUTH_TOTAL: 20 }, 'ADMIN_MAX_FAILED_AUTH'],
    ['zero failures allowed', { ...admin(), ADMIN_MAX_FAILED_AUTH: 0 }, 'ADMIN_MAX_FAILED_AUTH'],
    ['a tiny ring', { ...admin(), EVENT_LOG_CAPACITY: 5 }, 'EVENT_LOG_CAPACITY'],
    ['a limiter binding that is not a namespace', { ...admin(), ADMIN_AUTH_LIMITER: 'x' }, 'ADMIN_AUTH_LIMITER'],
    ['an event log binding that is not a namespace', { ...admin(), SECURITY_EVENT_LOG: {} }, 'SECURITY_EVENT_LOG'],
    ['too many shards', { ...admin(), EVENT_LOG_SHARDS: 1000 }, 'EVENT_LOG_SHARDS'],
    ['an account id that is not hex', { ...admin(), ANALYTICS_ACCOUNT_ID: 'acme', ANALYTICS_API_TOKEN: 't'.repeat(40) }, 'ANALYTICS_ACCOUNT_ID'],
    ['a token without an account', { ...admin(), ANALYTICS_API_TOKEN: 't'.repeat(40) }, 'ANALYTICS_ACCOUNT_ID'],
    ['a dataset name with SQL in it', { ...admin(), ANALYTICS_DATASET: 'x; DROP' }, 'ANALYTICS_DATASET'],
  ])('%s fails naming %s', (_, env, field) => {
    const message = configErrorOf(env)
    expect(message).toContain(field)
    expect(message).not.toContain('t'.repeat(40))
  })
})
