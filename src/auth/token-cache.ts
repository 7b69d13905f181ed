/**
 * @module A bounded cache of verified tokens → Principal, so an agent's repeated calls with the
 * same token skip the signature check (≈ 90 µs for EdDSA in workerd). Pure: `now` is passed in.
 *
 * Only successes are cached, keyed by the exact token string, and never past the token's `exp`
 * (plus the clock tolerance jose allowed). One cache per configuration, so a config or key change
 * starts empty. Revocation is unaffected: it is decided by the agent's guard on every request.
 * Trade-off: a key removed from a remote JWKS stops verifying new tokens at once, but tokens already
 * verified under it stay accepted until they expire (≤ MAX_TOKEN_TTL_SECONDS); revoke-all in the
 * guard is the incident response for a compromised key.
 */
import type { Principal } from './principal'

export class TokenCache {
  readonly #entries = new Map<string, Principal>()
  readonly #max: number
  readonly #toleranceSeconds: number

  constructor(max: number, toleranceSeconds: number) {
    this.#max = max
    this.#toleranceSeconds = toleranceSeconds
  }

  get size(): number {
    return this.#entries.size
  }

  /** The cached principal while the token is unexpired; an expired entry is dropped. */
  get(token: string, nowSeconds: number): Principal | undefined {
    const hit = this.#entries.get(token)
    if (!hit) return undefined
    if (nowSeconds >= hit.exp + this.#toleranceSeconds) {
      this.#entries.delete(token)
      return undefined
    }
    return hit
  }

  set(token: string, principal: Principal): void {
    if (this.#entries.size >= this.#max) {
      // Map iterates in insertion order: evict the oldest entry (FIFO bound; tokens are short-lived).
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
    this.#entries.set(token, principal)
  }
}
