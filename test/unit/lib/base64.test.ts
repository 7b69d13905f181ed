/** @module The one base64 helper: round trips, the two alphabets kept apart, and refusals. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBase64, decodeBase64url, encodeBase64, encodeBase64url, isCanonicalBase64url } from '../../../src/lib/base64'

describe('base64 and base64url', () => {
  it('round-trips any bytes in both alphabets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes)
        expect(decodeBase64url(encodeBase64url(bytes))).toEqual(bytes)
        expect(encodeBase64url(bytes)).toMatch(/^[A-Za-z0-9_-]*$/)
      }),
    )
  })

  it('matches the RFC 4648 §10 test vectors', () => {
    const utf8 = new TextEncoder()
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map((s) => encodeBase64(utf8.encode(s)))).toEqual(['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy'])
    expect(encodeBase64url('foobar')).toBe('Zm9vYmFy')
    expect(encodeBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8')
    expect(encodeBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=')
  })

  it('encodes large inputs without an argument-count limit', () => {
    const big = new Uint8Array(200_000).fill(7)
    expect(decodeBase64(encodeBase64(big))).toEqual(big)
  })

  it.each([['a+b/'], ['abc$'], ['ab cd!']])('base64url refuses %s', (text) => {
    expect(() => decodeBase64url(text)).toThrow()
  })

  it.each([['-_8='], ['abc$']])('standard base64 refuses %s', (text) => {
    expect(() => decodeBase64(text)).toThrow()
  })
})

describe('isCanonicalBase64url', () => {
  it('accepts what the encoder writes, for every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 0xff)
      expect(isCanonicalBase64url(encodeBase64url(bytes))).toBe(true)
    }
  })
  it('refuses set pad bits and impossible lengths', () => {
    expect(isCanonicalBase64url('QQ')).toBe(true) // "A"
    expect(isCanonicalBase64url('QR')).toBe(false) // same byte, a pad bit set
    expect(isCanonicalBase64url('QUI')).toBe(true) // "AB"
    expect(isCanonicalBase64url('QUJ')).toBe(false)
    expect(isCanonicalBase64url('QUJDR')).toBe(false) // 4n+1 characters cannot be base64url
    expect(isCanonicalBase64url('Q.')).toBe(false)
  })
})
