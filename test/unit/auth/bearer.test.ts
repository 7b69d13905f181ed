/** @module RFC 6750 §2.1/§3.1: which Authorization values carry a bearer token, none, or a malformed one. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bearerFrom, tokenInQuery } from '../../../src/auth/bearer'

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2ln'

describe('bearerFrom', () => {
  it.each([
    [`Bearer ${JWT}`, JWT],
    [`bearer ${JWT}`, JWT],
    [`BEARER ${JWT}`, JWT],
    [`Bearer   ${JWT}`, JWT], // 1*SP
    ['Bearer abc.def-ghi_jkl~mno+pqr/stu==', 'abc.def-ghi_jkl~mno+pqr/stu=='],
  ])('%s carries a token', (header, token) => {
    expect(bearerFrom(header)).toEqual({ kind: 'token', token })
  })

  it.each([
    [undefined, 'no_authorization'],
    [null, 'no_authorization'],
    ['', 'no_authorization'],
    ['   ', 'no_authorization'],
    ['Basic YWdlbnQ6c2VjcmV0', 'other_scheme'],
    ['Digest username="a", realm="x", nonce="n", uri="/", response="r"', 'other_scheme'],
    ['Token abc', 'other_scheme'],
    ['Bearerabc', 'other_scheme'],
    ['DPoP abc', 'other_scheme'],
  ] as const)('%j carries no bearer credentials (%s)', (header, reason) => {
    expect(bearerFrom(header)).toEqual({ kind: 'none', reason })
  })

  it.each([
    ['Bearer', 'bearer_syntax'],
    ['Bearer ', 'bearer_syntax'],
    [`Bearer ${JWT} ${JWT}`, 'bearer_syntax'],
    [`Bearer\t${JWT}`, 'bearer_syntax'],
    [`Bearer "${JWT}"`, 'bearer_syntax'],
    [`Bearer ${JWT}=x`, 'bearer_syntax'],
    ['Bearer a%20b', 'bearer_syntax'],
    ['Bearer token=abc', 'bearer_syntax'],
    [`Bearer ${JWT}, Bearer ${JWT}`, 'multiple_credentials'],
    [`Bearer ${JWT},Bearer ${JWT}`, 'multiple_credentials'],
    [`Bearer ${JWT}, Basic YWdlbnQ6c2VjcmV0`, 'bearer_syntax'],
    [`Basic YWdlbnQ6c2VjcmV0, Bearer ${JWT}`, 'multiple_credentials'],
    [`Basic YWdlbnQ6c2VjcmV0,bearer ${JWT}`, 'multiple_credentials'],
    [`Digest realm="x", Bearer ${JWT}`, 'multiple_credentials'],
  ] as const)('%s is malformed (%s)', (header, reason) => {
    expect(bearerFrom(header)).toEqual({ kind: 'malformed', reason })
  })

  it('never throws, and only a single well-formed Bearer credential yields a token', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `Bearer ${s}`), fc.string().map((s) => `Basic x, ${s}`)), (header) => {
        const r = bearerFrom(header)
        if (r.kind === 'token') expect(header).toMatch(/^bearer +[A-Za-z0-9\-._~+/]+=*$/i)
      }),
    )
  })
})

describe('tokenInQuery', () => {
  it.each([
    ['https://x/api?q=1', false],
    ['https://x/api', false],
    ['https://x/api?access_token=abc', true],
    ['https://x/api?ACCESS_TOKEN=abc', false],
    [`https://x/api?q=${JWT}`, true],
    [`https://x/api?${JWT}=1`, true],
    [`https://x/api?${JWT}`, true],
    [`https://x/api?q=a&b=${encodeURIComponent(JWT)}`, true],
  ])('%s → %s', (url, found) => {
    expect(tokenInQuery(new URL(url))).toBe(found)
  })
})
