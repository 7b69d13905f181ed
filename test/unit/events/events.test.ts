/** Security events from decisions, the per-isolate admission bucket, query parsing and sharding. */
import { describe, expect, it } from 'vitest'
import { admit, admitRepeat, fullBucket } from '../../../src/events/admission'
import { allShards, shardOf } from '../../../src/events/client'
import { eventsOf, SecurityEventSchema } from '../../../src/events/event'
import { parseEventQuery } from '../../../src/events/query'
import { addressKey, clientAddress } from '../../../src/lib/client-address'
import type { Decision } from '../../../src/telemetry/decision'

const T = 1_800_000_000_000
const decision = (o: Partial<Decision> = {}): Decision => ({
  requestId: 'req-1',
  agentId: 'agent-1',
  outcome: 'deny',
  code: 'INPUT_REJECTED',
  reason: 'rule:PI-001',
  endpoint: 'POST /api/search',
  tier: 'free',
  ruleIds: ['PI-004', 'PI-001'],
  action: 'log',
  risk: 0.4,
  cost: 5,
  bodyBytes: 100,
  latencyMs: 3,
  status: 400,
  ...o,
})

describe('eventsOf', () => {
  it('the allowed path yields nothing', () => {
    expect(eventsOf(decision({ outcome: 'allow', code: 'OK' }), undefined, T)).toEqual([])
    expect(eventsOf(decision({ outcome: 'error', code: 'OK', status: 502 }), undefined, T)).toEqual([])
  })

  it('a denial yields one denial event with its internal reason, sorted rules and details', () => {
    const [e, ...rest] = eventsOf(decision({ anomalies: ['enumeration:0.62', 'pace:0.2(shadow)'] }), undefined, T)
    expect(rest).toEqual([])
    expect(e).toEqual({
      kind: 'denial',
      code: 'INPUT_REJECTED',
      agentId: 'agent-1',
      endpoint: 'POST /api/search',
      requestId: 'req-1',
      at: T,
      status: 400,
      risk: 0.4,
      reason: 'rule:PI-001',
      details: { tier: 'free', rules: 'PI-001 PI-004', action: 'log', anomalies: 'enumeration:0.62 pace:0.2(shadow)' },
    })
    expect(SecurityEventSchema.safeParse(e).success).toBe(true)
  })

  it.each([
    ['ADMIN_UNAUTHORIZED', 'admin_token_mismatch'],
    ['ADMIN_AUTH_THROTTLED', 'admin_auth_throttled'],
  ])('%s is an auth_failure carrying the client address', (code, reason) => {
    const [e] = eventsOf(decision({ agentId: undefined, code, reason, tier: '', ruleIds: [], action: 'none', status: 401 }), undefined, T, '203.0.113.9')
    expect(e).toMatchObject({ kind: 'auth_failure', agentId: null, code, details: { client: '203.0.113.9' } })
  })

  it('the client address is kept only for auth failures', () => {
    const [e] = eventsOf(decision(), undefined, T, '203.0.113.9')
    expect(e?.details?.['client']).toBeUndefined()
  })

  it('fail-opens are recorded; an alert adds an alert event even on an allowed request', () => {
    expect(eventsOf(decision({ outcome: 'failed_open', code: 'FAILED_OPEN', reason: 'guard_timeout' }), undefined, T)[0]?.kind).toBe('failed_open')
    const alert = { severity: 'high' as const, action: 'block' as const, risk: 0.81, anomalies: ['enumeration'], blockedUntil: T + 60_000 }
    const events = eventsOf(decision({ outcome: 'allow', code: 'OK' }), alert, T)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ kind: 'alert', code: 'RISK_BLOCK', risk: 0.81, details: { severity: 'high', action: 'block', anomalies: 'enumeration', blockedUntil: T + 60_000 } })
    expect(eventsOf(decision(), { ...alert, action: 'revoke', severity: 'critical' }, T).map((e) => e.code)).toEqual(['INPUT_REJECTED', 'RISK_REVOKE'])
  })

  it('bounds attacker-sized fields', () => {
    const [e] = eventsOf(decision({ endpoint: `GET /${'a'.repeat(5000)}`, reason: 'r'.repeat(5000), risk: Number.NaN }), undefined, T)
    expect(e?.endpoint.length).toBe(256)
    expect(e?.reason.length).toBe(256)
    expect(e?.risk).toBe(0)
    expect(SecurityEventSchema.safeParse(e).success).toBe(true)
  })

  it('the schema refuses junk kinds, oversized details and extra members', () => {
    const [e] = eventsOf(decision(), undefined, T)
    expect(SecurityEventSchema.safeParse({ ...e, kind: 'Denial<script>' }).success).toBe(false)
    expect(SecurityEventSchema.safeParse({ ...e, details: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 1])) }).success).toBe(false)
    expect(SecurityEventSchema.safeParse({ ...e, token: 'x' }).success).toBe(false)
  })
})

describe('admission', () => {
  it('admits a second’s worth at once, then counts, and the next admitted event owes the count', () => {
    let b = fullBucket(3, T)
    const out: boolean[] = []
    for (let i = 0; i < 5; i++) {
      const step = admit(b, T, 3)
      b = step.bucket
      out.push(step.admitted)
    }
    expect(out).toEqual([true, true, true, false, false])
    const later = admit(b, T + 400, 3)
    expect(later).toMatchObject({ admitted: true, owed: 2 })
    expect(later.bucket.suppressed).toBe(0)
  })

  it('refills at the rate, never above one second’s worth', () => {
    const b = admit(fullBucket(10, T), T + 3_600_000, 10).bucket
    expect(b.tokens).toBe(9)
  })
})

describe('repeats', () => {
  it('writes the first of each second and carries the count of repeats onto the next one written', () => {
    let r = admitRepeat(undefined, T)
    expect(r).toMatchObject({ admitted: true, owed: 0 })
    const admitted: boolean[] = []
    for (let i = 1; i <= 5; i++) {
      r = admitRepeat(r.next, T + i * 100)
      admitted.push(r.admitted)
    }
    expect(admitted).toEqual([false, false, false, false, false])
    r = admitRepeat(r.next, T + 1_000)
    expect(r).toMatchObject({ admitted: true, owed: 5, next: { at: T + 1_000, suppressed: 0 } })
  })
})

describe('sharding', () => {
  it('an agent always lands on the same ring; events without an agent have their own', () => {
    expect(shardOf('agent-1', 4)).toBe(shardOf('agent-1', 4))
    expect(shardOf(null, 4)).toBe('events:anonymous')
    expect(allShards(4)).toEqual(['events:0', 'events:1', 'events:2', 'events:3', 'events:anonymous'])
    const used = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`agent-${i}`, 4)))
    expect(used.size).toBe(4)
  })
})

describe('parseEventQuery', () => {
  const q = (s: string) => parseEventQuery(new URLSearchParams(s), T)
  it('reads filters; minutes is relative to now and wins over since', () => {
    expect(q('agent=a-1&code=AGENT_BLOCKED&kind=denial&minutes=15&since=5&limit=20')).toEqual({ ok: true, query: { agent: 'a-1', code: 'AGENT_BLOCKED', kind: 'denial', since: T - 900_000, limit: 20 } })
    expect(q('')).toEqual({ ok: true, query: { limit: 100 } })
    expect(q('agent=&code=')).toEqual({ ok: true, query: { limit: 100 } })
  })
  it.each([
    ['code=<script>', '/code'],
    ['kind=DENIAL', '/kind'],
    ['limit=5000', '/limit'],
    ['minutes=abc', '/minutes'],
    ['since=-1', '/since'],
  ])('refuses %s naming %s', (s, pointer) => {
    const r = q(s)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map((e) => e.pointer)).toContain(pointer)
  })
})

describe('client address', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0db8:0001:0002::9', '2001:db8:1:2::/64'],
  ])('%s counts as %s', (raw, key) => {
    expect(addressKey(clientAddress(new Headers({ 'cf-connecting-ip': raw })))).toBe(key)
  })
  it('junk and absence are "unknown"', () => {
    expect(clientAddress(new Headers({ 'cf-connecting-ip': '<script>' }))).toBe('unknown')
    expect(clientAddress(new Headers())).toBe('unknown')
  })
})
