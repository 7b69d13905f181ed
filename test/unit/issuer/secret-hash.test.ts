import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { constantTimeEqual } from '../../../src/lib/constant-time'
import { hashSecret, parseSecretHash, SecretVerifier, verifySecret } from '../../../src/issuer/secret-hash'
import { decodeBase64url as fromBase64Url, encodeBase64url as toBase64Url } from '../../../src/lib/base64'
import { nodeHash } from '../../workers/issuer/bindings'

describe('PBKDF2 secret hashes', () => {
  it('round-trips, with a fresh salt each time', async () => {
    const a = await hashSecret('s3cret', 10_000)
    const b = await hashSecret('s3cret', 10_000)
    expect(a).toMatch(/^pbkdf2-sha256\$10000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(a).not.toBe(b)
    expect(await verifySecret('s3cret', a)).toBe(true)
    expect(await verifySecret('s3cret!', a)).toBe(false)
    expect(await verifySecret('', a)).toBe(false)
  })

  it('defaults to 100,000 iterations, the production Workers maximum', async () => {
    expect(parseSecretHash(await hashSecret('x'))?.iterations).toBe(100_000)
  })

  it("agrees with Node's own pbkdf2 (the format is not WebCrypto-specific)", async () => {
    expect(await verifySecret('portable', nodeHash('portable', 10_000))).toBe(true)
  })

  it.each(['', 'pbkdf2-sha256$abc$x$y', 'pbkdf2-sha1$10000$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43), 'pbkdf2-sha256$10000$short$' + 'A'.repeat(43)])('rejects the malformed hash %j', async (h) => {
    expect(parseSecretHash(h)).toBeUndefined()
    expect(await verifySecret('x', h)).toBe(false)
  })

  it('base64url round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes)
      }),
    )
  })

  it.each([
    [[1, 2, 3], [1, 2, 3], true],
    [[1, 2, 3], [1, 2, 4], false],
    [[1, 2, 3], [1, 2], false],
    [[], [], true],
  ])('constantTimeEqual(%j, %j) = %s', (a, b, expected) => {
    expect(constantTimeEqual(Uint8Array.from(a), Uint8Array.from(b))).toBe(expected)
  })
})

describe('SecretVerifier', () => {
  it('accepts either hash during a rotation, and remembers a verified secret', async () => {
    const old = await hashSecret('old', 10_000)
    const next = await hashSecret('new', 10_000)
    const v = new SecretVerifier()
    expect(await v.verify('old', [old, next])).toBe(true)
    expect(await v.verify('new', [old, next])).toBe(true)
    expect(await v.verify('neither', [old, next])).toBe(false)
    // Cached path: same answers, without PBKDF2.
    expect(await v.verify('old', [old, next])).toBe(true)
    expect(await v.verify('new', [old, next])).toBe(true)
    expect(await v.verify('neither', [old, next])).toBe(false)
  })

  it('bounds its memory', async () => {
    const v = new SecretVerifier(2)
    const hashes = await Promise.all(['a', 'b', 'c'].map((s) => hashSecret(s, 10_000)))
    for (const [i, s] of ['a', 'b', 'c'].entries()) expect(await v.verify(s, [hashes[i]!])).toBe(true)
    expect(await v.verify('a', [hashes[0]!])).toBe(true)
  })
})
