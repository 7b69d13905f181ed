import { describe, expect, it } from 'vitest'
import { scopeKey, subjectOf, TokenCache, type AccessToken } from '../../../src/client/token-cache'

function harness() {
  let now = 1_000_000
  const calls: Array<readonly string[] | undefined> = []
  const pending: Array<(t: AccessToken) => void> = []
  const cache = new TokenCache(
    (scopes) => {
      calls.push(scopes)
      return new Promise<AccessToken>((resolve) => pending.push(resolve))
    },
    () => now,
    30_000,
  )
  const answer = (expiresInMs = 300_000) => pending.shift()!({ accessToken: `t${calls.length}`, scope: '', expiresAt: now + expiresInMs, agentId: 'a' })
  return { cache, calls, answer, advance: (ms: number) => (now += ms) }
}

describe('TokenCache', () => {
  it('single flight: concurrent callers share one token request', async () => {
    const h = harness()
    const all = Array.from({ length: 10 }, () => h.cache.get(['a', 'b']))
    expect(h.calls).toHaveLength(1)
    h.answer()
    const tokens = await Promise.all(all)
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1)
  })

  it('caches per scope set, in any order', async () => {
    const h = harness()
    const p1 = h.cache.get(['b', 'a'])
    h.answer()
    await p1
    await h.cache.get(['a', 'b', 'a'])
    expect(h.calls).toHaveLength(1)
    const p2 = h.cache.get(['c'])
    expect(h.calls).toHaveLength(2)
    h.answer()
    await p2
  })

  it('refreshes 30 s before expiry, not earlier', async () => {
    const h = harness()
    const p = h.cache.get()
    h.answer(300_000)
    await p
    h.advance(269_999)
    await h.cache.get()
    expect(h.calls).toHaveLength(1)
    h.advance(1)
    const refreshed = h.cache.get()
    expect(h.calls).toHaveLength(2)
    h.answer()
    expect((await refreshed).accessToken).toBe('t2')
  })

  it('a failed request is not cached and the next caller retries', async () => {
    let n = 0
    const cache = new TokenCache(async () => {
      if (n++ === 0) throw new Error('boom')
      return { accessToken: 'ok', scope: '', expiresAt: Date.now() + 300_000, agentId: undefined }
    }, Date.now, 30_000)
    await expect(cache.get()).rejects.toThrow('boom')
    expect((await cache.get()).accessToken).toBe('ok')
  })

  it('an invalidate during a request wins over its answer', async () => {
    const h = harness()
    const p = h.cache.get()
    h.cache.clear()
    h.answer()
    await p
    const again = h.cache.get()
    expect(h.calls).toHaveLength(2)
    h.answer()
    await again
  })

  it.each([
    [undefined, ''],
    [[], ''],
    [['b', 'a', 'b'], 'a b'],
  ])('scopeKey(%j) = %j', (scopes, key) => {
    expect(scopeKey(scopes)).toBe(key)
  })

  it.each([
    [`x.${Buffer.from(JSON.stringify({ sub: 'agent-7' })).toString('base64url')}.y`, 'agent-7'],
    [`x.${Buffer.from(JSON.stringify({ sub: 7 })).toString('base64url')}.y`, undefined],
    ['not-a-jwt', undefined],
    ['a.!!!.c', undefined],
  ])('subjectOf(%s) = %j', (jwt, sub) => {
    expect(subjectOf(jwt)).toBe(sub)
  })
})
