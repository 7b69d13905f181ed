/**
 * @module AgentGuard against a moving clock in workerd: the DO shares the test isolate, so a faked
 * Date drives its `Date.now()`. Retry-After is honoured to the second; revoked jtis are pruned.
 */
import { runInDurableObject } from 'cloudflare:test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { JTI_RETENTION_LEEWAY_MS } from '../../../src/guard/revocation'
import { freshAgent, request } from './fixtures'

/** A round instant: 10-minute aligned, so bucket edges are predictable. */
const T0 = 1_800_000_000_000

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T0)
})
afterEach(() => {
  vi.useRealTimers()
})

describe('with a controlled clock', () => {
  it('retrying at Retry-After is admitted, retrying just before is not', async () => {
    const { stub } = freshAgent('clock-retry')
    const limits = { rpm: 2 }
    expect((await stub.evaluate(request({ limits }))).outcome).toBe('allow')
    vi.setSystemTime(T0 + 400)
    expect((await stub.evaluate(request({ limits }))).outcome).toBe('allow')
    vi.setSystemTime(T0 + 20_300)
    const denied = await stub.evaluate(request({ limits }))
    expect(denied).toMatchObject({ outcome: 'deny', code: 'RATE_LIMITED', retryAfterSeconds: 41 })
    vi.setSystemTime(T0 + 20_300 + 40_699) // the exact wait is 40.7 s
    expect(await stub.evaluate(request({ limits }))).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 })
    vi.setSystemTime(T0 + 20_300 + 41_000)
    expect((await stub.evaluate(request({ limits }))).outcome).toBe('allow')
  })

  it('RateLimit values move through a window', async () => {
    const { stub } = freshAgent('clock-headers')
    const limits = { rpm: 10 }
    const minute = async () => (await stub.evaluate(request({ limits }))).policies.find((p) => p.name === 'minute')
    expect(await minute()).toEqual({ name: 'minute', limit: 10, windowSeconds: 60, remaining: 9, resetSeconds: 61 })
    vi.setSystemTime(T0 + 30_500)
    expect(await minute()).toMatchObject({ remaining: 8, resetSeconds: 31 })
    vi.setSystemTime(T0 + 61_000)
    expect(await minute()).toMatchObject({ remaining: 8, resetSeconds: 30 }) // the first one left
  })

  it('prunes a revoked jti once its token expired (plus leeway), and not before', async () => {
    const { stub } = freshAgent('clock-prune')
    const exp = T0 / 1000 + 60
    await stub.revoke({ jti: 'short-lived', exp })
    await stub.revoke({ jti: 'long-lived', exp: exp + 3600 })
    const rows = () =>
      runInDurableObject(stub, (_i, state) =>
        state.storage.sql.exec<{ jti: string }>(`SELECT jti FROM revoked_jti ORDER BY jti`).toArray().map((r) => r.jti),
      )
    vi.setSystemTime(exp * 1000 + JTI_RETENTION_LEEWAY_MS - 1)
    await stub.evaluate(request())
    expect(await rows()).toEqual(['long-lived', 'short-lived'])
    vi.setSystemTime(exp * 1000 + JTI_RETENTION_LEEWAY_MS)
    await stub.evaluate(request())
    expect(await rows()).toEqual(['long-lived'])
    expect((await stub.snapshot()).revokedJtis).toBe(1)
  })

  it('a timed block lapses by itself', async () => {
    const { stub } = freshAgent('clock-block')
    await stub.block({ until: T0 + 5000, reason: 'cool-off' })
    expect(await stub.evaluate(request())).toMatchObject({ code: 'AGENT_BLOCKED', retryAfterSeconds: 5 })
    vi.setSystemTime(T0 + 5000)
    expect((await stub.evaluate(request())).outcome).toBe('allow')
    expect(await stub.status()).toEqual({ blocked: false, blockedUntil: null, revokedBefore: null })
  })
})
