/**
 * @module Client secrets as salted PBKDF2-SHA256 hashes (RFC 8018 §5.2) via WebCrypto, and their
 * constant-time verification. Runs in workerd and Node 20 alike (globalThis.crypto).
 *
 * Format: `pbkdf2-sha256$<iterations>$<salt>$<hash>`, base64url without padding.
 * workerd refuses more than 100,000 iterations, so that is what `npm run client` writes. The
 * secrets it generates carry 256 random bits, so the slow hash is defence in depth for a leaked
 * config, not what keeps an online guesser out (the lockout does that).
 */
import { PBKDF2_MAX_ITERATIONS, SECRET_HASH } from '../config/issuer'
import { decodeBase64url, encodeBase64url } from '../lib/base64'
import { constantTimeEqual } from '../lib/constant-time'

const utf8 = new TextEncoder()

export type SecretHash = { readonly iterations: number; readonly salt: Uint8Array; readonly hash: Uint8Array }

export function parseSecretHash(text: string): SecretHash | undefined {
  const m = SECRET_HASH.exec(text)
  if (!m) return undefined
  return { iterations: Number(m[1]), salt: decodeBase64url(m[2]!), hash: decodeBase64url(m[3]!) }
}

export async function pbkdf2(secret: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', utf8.encode(secret), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256)
  return new Uint8Array(bits)
}

/** A new hash with a fresh 16-byte salt (RFC 8018 §4.1: at least 64 bits). */
export async function hashSecret(secret: string, iterations = PBKDF2_MAX_ITERATIONS, salt = crypto.getRandomValues(new Uint8Array(16))): Promise<string> {
  const hash = await pbkdf2(secret, salt, iterations)
  return `pbkdf2-sha256$${iterations}$${encodeBase64url(salt)}$${encodeBase64url(hash)}`
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parseSecretHash(stored)
  if (!parsed) return false
  return constantTimeEqual(await pbkdf2(secret, parsed.salt, parsed.iterations), parsed.hash)
}

const sha256 = async (s: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(s)))

/**
 * Verifies secrets, remembering per isolate the SHA-256 of a secret that already passed PBKDF2
 * for a stored hash. A repeat check (the same client asking again) then costs one SHA-256 instead
 * of 100,000 iterations, and so does a wrong guess once the right secret was seen: the slow hash
 * still protects the configuration at rest, and the CPU cost of a guessing flood stays flat.
 */
export class SecretVerifier {
  readonly #seen = new Map<string, Uint8Array>()
  readonly #max: number

  constructor(maxEntries = 10_000) {
    this.#max = maxEntries
  }

  /** True when `secret` matches any of `hashes` (two during a secret rotation). */
  async verify(secret: string, hashes: readonly string[]): Promise<boolean> {
    const digest = await sha256(secret)
    for (const stored of hashes) {
      const known = this.#seen.get(stored)
      if (known) {
        if (constantTimeEqual(known, digest)) return true
        continue
      }
      if (await verifySecret(secret, stored)) {
        if (this.#seen.size >= this.#max) this.#seen.clear()
        this.#seen.set(stored, digest)
        return true
      }
    }
    return false
  }
}
