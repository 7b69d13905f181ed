/**
 * @module AgentGuard in workerd: exactness under concurrency, persistence across eviction, and the
 * admin RPC surface (block, unblock, revoke, snapshot, reset, status).
 */
import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { Verdict } from '../../../src/guard/protocol'
import { failure } from '../../support/http'
import { freshAgent, request } from './fixtures'

const allowed = (verdicts: readonly Verdict[]) => verdicts.filter((v) => v.outcome === 'allow').length
const codes = (verdicts: readonly Verdict[]) =>
  verdicts.map((v) => (v.outcome === 'deny' ? v.code : 'ALLOW')).sort()

describe('exactness under concurrency', () => {
  it.each([
    { name: 'per-minute limit', limits: { rpm: 7 }, cost: 1, expected: 7, code: 'RATE_LIMITED' },
    { name: 'burst limit', limits: { burst: 13 }, cost: 1, expected: 13, code: 'RATE_LIMITED' },
    { name: 'daily limit', limits: { daily: 3 }, cost: 1, expected: 3, code: 'RATE_LIMITED' },
    { name: 'cost budget', limits: { costPerMinute: 20 }, cost: 3, expected: 6, code: 'BUDGET_EXHAUSTED' },
  ])('50 concurrent evaluate() calls against a $name admit exactly L', async ({ limits, cost, expected, code }) => {
    const { stub } = freshAgent('concurrent')
    const verdicts = await Promise.all(Array.from({ length: 50 }, () => stub.evaluate(request({ limits, cost }))))
    expect(allowed(verdicts)).toBe(expected)
    expect(new Set(verdicts.filter((v) => v.outcome === 'deny').map((v) => v.outcome === 'deny' && v.code))).toEqual(
      new Set([code]),
    )
    const snap = await stub.snapshot()
    expect(snap.admitted.total).toBe(expected)
    expect(snap.rejected.total).toBe(50 - expected)
  })

  it('concurrent callers through separate stubs of the same agent share one limit', async () => {
    const { name } = freshAgent('stubs')
    const verdicts = await Promise.all(
      Array.from({ length: 40 }, () => env.AGENT_GUARD.getByName(name).evaluate(request({ limits: { rpm: 9 } }))),
    )
    expect(allowed(verdicts)).toBe(9)
  })

  it('denied requests carry Retry-After and the policy that bound', async () => {
    const { stub } = freshAgent('retry')
    // Two concurrent calls may reach the object in either order: exactly one is admitted.
    const verdicts = await Promise.all([
      stub.evaluate(request({ limits: { rpm: 1 } })),
      stub.evaluate(request({ limits: { rpm: 1 } })),
    ])
    expect(allowed(verdicts)).toBe(1)
    const denied = verdicts.find((v) => v.outcome === 'deny')
    expect(denied).toMatchObject({ outcome: 'deny', code: 'RATE_LIMITED' })
    if (denied?.outcome !== 'deny') return
    expect(denied.retryAfterSeconds).toBeGreaterThanOrEqual(60)
    expect(denied.retryAfterSeconds).toBeLessThanOrEqual(61)
    expect(denied.policies.find((p) => p.name === 'minute')).toMatchObject({ limit: 1, remaining: 0 })
  })
})

describe('persistence', () => {
  it('counts survive dropping the in-memory instance mid-window', async () => {
    const { name, stub } = freshAgent('persist')
    const limits = { rpm: 8 }
    for (let i = 0; i < 5; i++) expect((await stub.evaluate(request({ limits }))).outcome).toBe('allow')
    await stub.evaluate(request({ limits, rejection: 'SCHEMA_VIOLATION' }))
    await stub.block({ until: Date.now() + 3_600_000, reason: 'persisted block' })
    await stub.unblock()
    await stub.revoke({ jti: 'gone', exp: Math.floor(Date.now() / 1000) + 600 })

    await abortAllDurableObjects()
    expect(await failure(stub.snapshot())).toMatch(/abortAllDurableObjects/) // the old instance is gone

    const fresh = env.AGENT_GUARD.getByName(name)
    const snap = await fresh.snapshot()
    expect(snap.admitted.total).toBe(5)
    expect(snap.rejected).toEqual({ total: 1, lastMinute: 1 })
    expect(snap.revokedJtis).toBe(1)
    expect(snap.policies.find((p) => p.name === 'minute')).toMatchObject({ limit: 8, remaining: 3 })
    expect(codes(await Promise.all(Array.from({ length: 5 }, () => fresh.evaluate(request({ limits })))))).toEqual([
      'ALLOW',
      'ALLOW',
      'ALLOW',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ])
    expect(await fresh.evaluate(request({ limits: {}, jti: 'gone' }))).toMatchObject({ code: 'TOKEN_REVOKED' })
  })

  it('a corrupt state row fails every call closed until reset() replaces it', async () => {
    const { name, stub } = freshAgent('corrupt')
    await stub.evaluate(request())
    await runInDurableObject(stub, (_i, state) => {
      state.storage.sql.exec(`UPDATE guard_state SET body = '{"v":99}'`)
    })
    await abortAllDurableObjects() // drop the in-memory copy, so the row is read again
    const fresh = env.AGENT_GUARD.getByName(name)
    expect(await failure(fresh.evaluate(request()))).toMatch(/ZodError|invalid/i)
    await fresh.reset()
    expect(await fresh.evaluate(request())).toMatchObject({ outcome: 'allow' })
  })

  it('keeps one small state row and a version-gated schema', async () => {
    const { stub } = freshAgent('schema')
    for (let i = 0; i < 20; i++) await stub.evaluate(request({ cost: 5, limits: { costPerDay: 1000 } }))
    await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql
      expect(sql.exec(`SELECT value FROM guard_meta WHERE key = 'schema_version'`).one()).toEqual({ value: 1 })
      const rows = sql.exec<{ body: string }>(`SELECT body FROM guard_state`).toArray()
      expect(rows).toHaveLength(1)
      expect(rows[0]!.body.length).toBeLessThan(2048)
    })
    expect((await stub.snapshot()).stateBytes).toBeLessThan(2048)
  })
})

describe('admin RPC', () => {
  it('block and unblock take effect on the next request; status reports them', async () => {
    const { stub } = freshAgent('block')
    await stub.block({ until: null, reason: 'manual' })
    expect(await stub.status()).toEqual({ blocked: true, blockedUntil: null, revokedBefore: null })
    expect(await stub.evaluate(request())).toMatchObject({ outcome: 'deny', code: 'AGENT_BLOCKED' })
    expect((await stub.snapshot()).blocked).toEqual({ until: null, reason: 'manual' })
    await stub.unblock()
    expect(await stub.evaluate(request())).toMatchObject({ outcome: 'allow' })
    expect((await stub.status()).blocked).toBe(false)
  })

  it('a timed block carries its expiry', async () => {
    const { stub } = freshAgent('timed')
    const until = Date.now() + 120_000
    await stub.block({ until, reason: 'cool-off' })
    expect(await stub.status()).toEqual({ blocked: true, blockedUntil: until, revokedBefore: null })
    const v = await stub.evaluate(request())
    expect(v).toMatchObject({ outcome: 'deny', code: 'AGENT_BLOCKED' })
    expect(v.outcome === 'deny' && v.retryAfterSeconds).toBeGreaterThanOrEqual(119)
    await stub.block({ until: Date.now() - 1, reason: 'already over' })
    expect(await stub.evaluate(request())).toMatchObject({ outcome: 'allow' })
  })

  it('revoking a jti denies that token only; revoke-before denies older tokens, newer ones work', async () => {
    const { stub } = freshAgent('revoke')
    const now = Math.floor(Date.now() / 1000)
    await stub.revoke({ jti: 'stolen', exp: now + 600 })
    expect(await stub.evaluate(request({ jti: 'stolen' }))).toMatchObject({ code: 'TOKEN_REVOKED' })
    expect(await stub.evaluate(request({ jti: 'other' }))).toMatchObject({ outcome: 'allow' })

    await stub.revoke({ before: now })
    expect(await stub.status()).toMatchObject({ revokedBefore: now })
    expect(await stub.evaluate(request({ jti: 'old', iat: now - 1 }))).toMatchObject({ code: 'TOKEN_REVOKED' })
    expect(await stub.evaluate(request({ jti: 'new', iat: now }))).toMatchObject({ outcome: 'allow' })
    await stub.revoke({ before: now - 100 }) // never lowered
    expect((await stub.snapshot()).revokedBefore).toBe(now)
  })

  it('an already expired jti is not stored', async () => {
    const { stub } = freshAgent('expired-jti')
    await stub.revoke({ jti: 'ancient', exp: Math.floor(Date.now() / 1000) - 3600 })
    expect((await stub.snapshot()).revokedJtis).toBe(0)
    await runInDurableObject(stub, (_i, state) => {
      expect(state.storage.sql.exec(`SELECT count(*) AS n FROM revoked_jti`).one()).toEqual({ n: 0 })
    })
  })

  it('snapshot reports usage against the latest limits, and reset clears usage only', async () => {
    const { name, stub } = freshAgent('snapshot')
    const limits = { rpm: 3, costPerMinute: 100 }
    await Promise.all(Array.from({ length: 4 }, () => stub.evaluate(request({ limits, cost: 10 }))))
    await stub.revoke({ jti: 'x', exp: Math.floor(Date.now() / 1000) + 600 })
    const snap = await stub.snapshot()
    expect(snap).toMatchObject({
      agentId: name,
      blocked: null,
      revokedJtis: 1,
      admitted: { total: 3 },
      rejected: { total: 1, lastMinute: 1 },
      risk: 0,
    })
    expect(snap.policies.map((p) => [p.name, p.remaining])).toEqual([
      ['burst', 1e6 - 3],
      ['minute', 0],
      ['day', 1e6 - 3],
      ['cost-minute', 70],
    ])
    await stub.reset()
    const after = await stub.snapshot()
    expect(after).toMatchObject({ admitted: { total: 0 }, rejected: { total: 0, lastMinute: 0 }, revokedJtis: 1 })
    expect(after.policies.find((p) => p.name === 'minute')).toMatchObject({ remaining: 3, resetSeconds: 0 })
    expect(await stub.evaluate(request({ limits }))).toMatchObject({ outcome: 'allow' })
  })

  it('a malformed call is thrown back to the caller (the Worker fails closed), not answered', async () => {
    const { stub } = freshAgent('bad-input')
    expect(await failure(stub.evaluate(request({ cost: -5 })))).toMatch(/TypeError: AgentGuard: input.cost must be/)
    expect(await failure(stub.block({ until: Number.NaN, reason: 'x' }))).toMatch(/until must be/)
    expect((await stub.snapshot()).admitted.total).toBe(0)
  })

  it('helpers are private: only the documented methods are callable over RPC', async () => {
    const { stub } = freshAgent('private')
    const raw = stub as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
    for (const helper of ['load', 'mutate', 'pruneJtis']) {
      expect(await failure(raw[helper]!())).toMatch(/does not implement/)
    }
  })
})
