/** @module Revocation rules: jti plans, the revoked-before watermark, pruning after expiry. */
import { describe, expect, it } from 'vitest'
import {
  isJtiExpired,
  isTokenRevoked,
  JTI_RETENTION_LEEWAY_MS,
  MAX_REVOKED_JTIS,
  planRevoke,
  pruneJtis,
} from '../../../src/guard/revocation'
import { T0 } from './fixtures'

const NOW_S = T0 / 1000

describe('planRevoke', () => {
  it.each([
    { name: 'a live jti is stored', cmd: { jti: 'a', exp: NOW_S + 600 }, jtis: [], before: null, want: { kind: 'jti', jti: 'a', exp: NOW_S + 600 } },
    { name: 'an expired jti is not worth storing', cmd: { jti: 'a', exp: NOW_S - 600 }, jtis: [], before: null, want: { kind: 'none' } },
    { name: 'within the leeway it is still stored', cmd: { jti: 'a', exp: NOW_S - 60 }, jtis: [], before: null, want: { kind: 'jti', jti: 'a', exp: NOW_S - 60 } },
    { name: 'a known jti keeps the later exp', cmd: { jti: 'a', exp: NOW_S + 10 }, jtis: [['a', NOW_S + 900]], before: null, want: { kind: 'jti', jti: 'a', exp: NOW_S + 900 } },
    { name: 'revoke-before sets the watermark', cmd: { before: NOW_S }, jtis: [], before: null, want: { kind: 'before', before: NOW_S, clearJtis: false } },
    { name: 'the watermark is only ever raised', cmd: { before: NOW_S - 100 }, jtis: [], before: NOW_S, want: { kind: 'before', before: NOW_S, clearJtis: false } },
  ] as const)('$name', ({ cmd, jtis, before, want }) => {
    expect(planRevoke(cmd, new Map(jtis), before, T0)).toEqual(want)
  })

  it('past the cap it escalates to revoking every token issued so far, and drops the list', () => {
    const full = new Map(Array.from({ length: MAX_REVOKED_JTIS }, (_, i) => [`j${i}`, NOW_S + 600] as const))
    const plan = planRevoke({ jti: 'one-more', exp: NOW_S + 600 }, full, null, T0 + 250)
    expect(plan).toEqual({ kind: 'before', before: NOW_S + 1, clearJtis: true })
    // Every token issued up to now (iat ≤ NOW_S) is then revoked; a later one is not.
    expect(isTokenRevoked(false, NOW_S + 1, NOW_S)).toBe(true)
    expect(isTokenRevoked(false, NOW_S + 1, NOW_S + 1)).toBe(false)
    // Re-revoking a jti already stored needs no room.
    expect(planRevoke({ jti: 'j1', exp: NOW_S + 600 }, full, null, T0).kind).toBe('jti')
  })
})

describe('isTokenRevoked', () => {
  it.each([
    { jti: true, before: null, iat: NOW_S, want: true },
    { jti: false, before: null, iat: NOW_S, want: false },
    { jti: false, before: NOW_S, iat: NOW_S - 1, want: true },
    { jti: false, before: NOW_S, iat: NOW_S, want: false },
  ])('jti=$jti before=$before iat=$iat → $want', ({ jti, before, iat, want }) => {
    expect(isTokenRevoked(jti, before, iat)).toBe(want)
  })
})

describe('pruning', () => {
  it('forgets a jti only once its token expired plus the leeway, and says when to look next', () => {
    const jtis = new Map([
      ['old', NOW_S - 3600],
      ['edge', NOW_S],
      ['live', NOW_S + 600],
    ])
    const atEdge = T0 + JTI_RETENTION_LEEWAY_MS
    expect(isJtiExpired(NOW_S, atEdge - 1)).toBe(false)
    expect(isJtiExpired(NOW_S, atEdge)).toBe(true)
    expect(pruneJtis(jtis, atEdge - 1)).toEqual({ expired: ['old'], nextPruneAt: atEdge })
    expect(pruneJtis(jtis, atEdge)).toEqual({ expired: ['old', 'edge'], nextPruneAt: T0 + 600_000 + JTI_RETENTION_LEEWAY_MS })
    expect(pruneJtis(new Map(), T0).nextPruneAt).toBe(Number.POSITIVE_INFINITY)
  })
})
