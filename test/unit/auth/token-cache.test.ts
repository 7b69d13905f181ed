import { describe, expect, it } from 'vitest'
import type { Principal } from '../../../src/auth/principal'
import { TokenCache } from '../../../src/auth/token-cache'

const p = (exp: number, agentId = 'a'): Principal => ({ agentId, scopes: [], tier: 'free', jti: 'j', iat: exp - 300, exp, meta: {} })

describe('TokenCache', () => {
  it('returns a cached principal until exp + tolerance, then forgets it', () => {
    const cache = new TokenCache(10, 30)
    cache.set('t', p(1000))
    expect(cache.get('t', 999)?.agentId).toBe('a')
    expect(cache.get('t', 1029)?.agentId).toBe('a')
    expect(cache.get('t', 1030)).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('is bounded: the oldest entry goes first', () => {
    const cache = new TokenCache(2, 0)
    cache.set('a', p(1000, 'a'))
    cache.set('b', p(1000, 'b'))
    cache.set('c', p(1000, 'c'))
    expect(cache.size).toBe(2)
    expect(cache.get('a', 0)).toBeUndefined()
    expect(cache.get('c', 0)?.agentId).toBe('c')
  })

  it('misses unknown tokens', () => {
    expect(new TokenCache(1, 0).get('nope', 0)).toBeUndefined()
  })
})
