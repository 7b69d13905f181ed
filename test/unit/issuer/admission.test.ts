import { describe, expect, it } from 'vitest'
import { admitAgent, checkResources, grantScopes } from '../../../src/issuer/admission'
import { isTokenRevoked } from '../../../src/guard/revocation'

const NOW = 1_800_000_000_500 // ms, half-way through a second
const S = Math.floor(NOW / 1000)
const open = { blocked: false, blockedUntil: null, revokedBefore: null }

describe('admitAgent', () => {
  it.each([
    ['a clean agent', open, 300, undefined],
    ['blocked indefinitely', { blocked: true, blockedUntil: null, revokedBefore: null }, 300, { error: 'unauthorized_client', reason: 'agent_blocked' }],
    ['blocked for 90 s', { blocked: true, blockedUntil: NOW + 90_000, revokedBefore: null }, 300, { error: 'unauthorized_client', retryAfterSeconds: 90 }],
    ['revoked 10 s ago, cool-down 300 s', { ...open, revokedBefore: S - 10 }, 300, { error: 'unauthorized_client', reason: 'revocation_cooldown', retryAfterSeconds: 290 }],
    ['revoked long ago', { ...open, revokedBefore: S - 301 }, 300, undefined],
    ['revoke-all this second, no cool-down', { ...open, revokedBefore: S + 1 }, 0, { retryAfterSeconds: 1 }],
    ['revoke-all last second, no cool-down', { ...open, revokedBefore: S }, 0, undefined],
  ])('%s', (_, status, cooldown, expected) => {
    const r = admitAgent(status, NOW, cooldown)
    if (expected === undefined) expect(r).toBeUndefined()
    else expect(r).toMatchObject(expected)
  })

  it('whenever it admits, a token with iat = now is not caught by the revocation it follows', () => {
    // The guard's rule (src/guard/revocation.ts) is iat < revokedBefore; admin revoke-all sets now+1.
    for (let before = S - 5; before <= S + 5; before++) {
      for (const cooldown of [0, 1, 10]) {
        const admitted = admitAgent({ ...open, revokedBefore: before }, NOW, cooldown) === undefined
        if (admitted) expect(isTokenRevoked(false, before, S)).toBe(false)
      }
    }
  })
})

describe('grantScopes (RFC 6749 §3.3)', () => {
  const allowed = ['a', 'b', 'c']
  it.each([
    [undefined, ['a', 'b', 'c']],
    [['a'], ['a']],
    [['c', 'a'], ['c', 'a']],
  ])('%j → %j', (requested, granted) => {
    expect(grantScopes(requested, allowed)).toEqual(granted)
  })
  it('refuses anything outside the allowed set', () => {
    expect(grantScopes(['a', 'admin'], allowed)).toMatchObject({ error: 'invalid_scope' })
  })
})

describe('checkResources (RFC 8707)', () => {
  it.each([
    [[], undefined],
    [['https://api.example.com'], undefined],
    [['https://api.example.com', 'https://other.example'], 'invalid_target'],
  ])('%j', (resources, error) => {
    expect(checkResources(resources, 'https://api.example.com')?.error).toBe(error)
  })
})
