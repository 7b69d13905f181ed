import { describe, expect, it } from 'vitest'
import { toPrincipal } from '../../../src/auth/principal'
import { DEFAULT_TIERS } from '../../../src/config/tiers'
import { rateLimitHeaders } from '../../../src/guard/headers'
import { resolveLimits } from '../../../src/policy/limits'
import { matchRoute, missingScopes } from '../../../src/policy/match'
import { closeObjects, compileSchema } from '../../../src/policy/schema'


describe('toPrincipal', () => {
  const policy = { tiers: DEFAULT_TIERS, defaultTier: 'free', requireJti: true }
  const base = { sub: 'agent-1', jti: 'j1', iat: 1, exp: 2 }
  it.each([
    [{ scope: 'a b a' }, { scopes: ['a', 'b'], tier: 'free' }],
    [{ scopes: ['a'], tier: 'premium' }, { scopes: ['a'], tier: 'premium' }],
    [{ agent_type: 'crawler', agent_version: '1.2', agent_owner: 'team-x', max_rpm: 10 }, { meta: { type: 'crawler', version: '1.2', owner: 'team-x', maxRpm: 10 } }],
  ])('accepts %j', (claims, expected) => {
    const r = toPrincipal({ ...base, ...claims }, policy)
    expect(r.ok && r.principal).toMatchObject(expected)
  })
  it.each([
    [{ sub: '' }, 'sub_invalid'],
    [{ sub: 'a/b' }, 'sub_invalid'],
    [{ sub: 'x'.repeat(200) }, 'sub_invalid'],
    [{ jti: undefined }, 'jti_invalid'],
    [{ scope: 'a', scopes: ['b'] }, 'scope_invalid'],
    [{ scopes: 'a' }, 'scope_invalid'],
    [{ scopes: [1] }, 'scope_invalid'],
    [{ scope: 'a"b' }, 'scope_invalid'],
    [{ tier: 'gold' }, 'tier_unknown'],
    [{ tier: 'toString' }, 'tier_unknown'],
    [{ max_rpm: 0 }, 'max_rpm_invalid'],
    [{ max_rpm: '10' }, 'max_rpm_invalid'],
    [{ agent_type: ['x'] }, 'agent_meta_invalid'],
  ])('rejects %j (%s)', (claims, reason) => {
    expect(toPrincipal({ ...base, ...claims } as never, policy)).toEqual({ ok: false, reason })
  })
})

describe('resolveLimits', () => {
  const p = (tier: string, maxRpm?: number) => ({ agentId: 'a', scopes: [], tier, jti: 'j', iat: 0, exp: 1, meta: maxRpm ? { maxRpm } : {} })
  it('uses the tier', () => expect(resolveLimits(DEFAULT_TIERS, p('standard'))).toEqual({ tier: 'standard', burst: 50, rpm: 300, daily: 10_000, costPerMinute: 600 }))
  it('max_rpm lowers rpm and burst', () => expect(resolveLimits(DEFAULT_TIERS, p('standard', 20))).toMatchObject({ rpm: 20, burst: 20 }))
  it('max_rpm never raises', () => expect(resolveLimits(DEFAULT_TIERS, p('free', 10_000))).toMatchObject({ rpm: 60, burst: 10 }))
})

describe('matchRoute and scopes', () => {
  const routes = [
    { method: 'GET' as const, path: '/api/products/:id', key: 'GET /api/products/:id', segments: ['api', 'products', ':id'], scopes: ['p'], cost: 1, failMode: 'closed' as const, screening: 'block' as const },
    { method: 'GET' as const, path: '/api/products', key: 'GET /api/products', segments: ['api', 'products'], scopes: ['p'], cost: 1, failMode: 'closed' as const, screening: 'block' as const },
  ]
  it('matches templates exactly and extracts params', () => {
    expect(matchRoute(routes, 'GET', ['api', 'products', '7'])).toMatchObject({ params: { id: '7' }, route: { key: 'GET /api/products/:id' } })
    expect(matchRoute(routes, 'HEAD', ['api', 'products'])?.route.key).toBe('GET /api/products')
    expect(matchRoute(routes, 'POST', ['api', 'products'])).toBeUndefined()
    expect(matchRoute(routes, 'GET', ['api', 'products', '7', 'x'])).toBeUndefined()
  })
  it('requires every scope', () => {
    expect(missingScopes(['a', 'b'], ['b'])).toEqual(['a'])
    expect(missingScopes(['a'], ['a', 'b'])).toEqual([])
  })
})

describe('strict schemas', () => {
  it('closes object schemas unless they say otherwise', () => {
    expect(closeObjects({ type: 'object', properties: { a: { type: 'object', properties: {} }, b: { type: 'object', additionalProperties: true } } })).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { a: { type: 'object', properties: {}, additionalProperties: false }, b: { type: 'object', additionalProperties: true } },
    })
  })
  it('reports pointers and keywords, masks odd key names, never values', () => {
    const check = compileSchema({ type: 'object', properties: { q: { type: 'string', maxLength: 3 } } })
    expect(check({ q: 'toolong', '<script>': 1 })).toEqual({ ok: false, errors: [{ pointer: '/q', keyword: 'maxLength' }, { pointer: '/*', keyword: 'additionalProperties' }] })
    expect(check({ q: 'ok' })).toEqual({ ok: true })
  })
})

describe('rateLimitHeaders', () => {
  it('serialises the IETF structured fields and the X-RateLimit trio from the tightest policy', () => {
    const h = rateLimitHeaders([
      { name: 'burst', limit: 10, windowSeconds: 1, remaining: 9, resetSeconds: 1 },
      { name: 'minute', limit: 60, windowSeconds: 60, remaining: 0, resetSeconds: 42.2 },
      { name: 'cost-minute', limit: 120, windowSeconds: 60, remaining: 100, resetSeconds: 61 },
    ])
    expect(h).toEqual({
      'ratelimit-policy': '"burst";q=10;w=1, "minute";q=60;w=60, "cost-minute";q=120;w=60;qu="cost-units"',
      ratelimit: '"burst";r=9;t=1, "minute";r=0;t=43, "cost-minute";r=100;t=61',
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '43',
    })
  })
  it('is empty without policies', () => expect(rateLimitHeaders([])).toEqual({}))
  it('keeps RateLimit-Policy per quota set: repeats are identical, a throttled quota gets its own field', () => {
    const tier = (limit: number, remaining: number) => [
      { name: 'burst', limit, windowSeconds: 1, remaining, resetSeconds: 1 },
      { name: 'cost-minute', limit: 600, windowSeconds: 60, remaining: 599, resetSeconds: 60 },
    ]
    const a = rateLimitHeaders(tier(50, 49))
    const b = rateLimitHeaders(tier(50, 48))
    const throttled = rateLimitHeaders(tier(12.5, 11))
    expect(b['ratelimit-policy']).toBe(a['ratelimit-policy'])
    expect(b.ratelimit).toBe('"burst";r=48;t=1, "cost-minute";r=599;t=60')
    expect(throttled['ratelimit-policy']).toBe('"burst";q=12.5;w=1, "cost-minute";q=600;w=60;qu="cost-units"')
    // A policy renamed but otherwise equal is not served from another's entry.
    expect(rateLimitHeaders([{ name: 'minute', limit: 50, windowSeconds: 1, remaining: 1, resetSeconds: 1 }])['ratelimit-policy']).toBe('"minute";q=50;w=1')
  })
})
