/**
 * @module Access tokens cached per scope set, refreshed before they expire, one request at a time.
 *
 * Single flight: every caller that needs a token for the same scopes while one is being fetched
 * awaits that same request, so a burst of calls costs one token request, not one each.
 */
import { decodeBase64url } from '../lib/base64'

export type AccessToken = {
  readonly accessToken: string
  /** Granted scopes, space-delimited (RFC 6749 §5.1). */
  readonly scope: string
  /** Epoch ms, measured from when the request was sent (so never later than the truth). */
  readonly expiresAt: number
  /** The token's `sub`, sent as X-Agent-ID. */
  readonly agentId: string | undefined
}

export type TokenFetcher = (scopes: readonly string[] | undefined) => Promise<AccessToken>

/** A scope set's cache key: order and duplicates do not matter; "" is "the client's default". */
export const scopeKey = (scopes: readonly string[] | undefined): string => (scopes === undefined ? '' : [...new Set(scopes)].sort().join(' '))

export class TokenCache {
  readonly #fetch: TokenFetcher
  readonly #now: () => number
  readonly #skewMs: number
  readonly #tokens = new Map<string, AccessToken>()
  readonly #inflight = new Map<string, Promise<AccessToken>>()
  #generation = 0

  constructor(fetch: TokenFetcher, now: () => number, refreshSkewMs: number) {
    this.#fetch = fetch
    this.#now = now
    this.#skewMs = refreshSkewMs
  }

  /** A token valid for at least the refresh skew, fetched only when there is none. */
  get(scopes?: readonly string[]): Promise<AccessToken> {
    const key = scopeKey(scopes)
    const cached = this.#tokens.get(key)
    if (cached && this.#now() < cached.expiresAt - this.#skewMs) return Promise.resolve(cached)
    const pending = this.#inflight.get(key)
    if (pending) return pending
    const generation = this.#generation
    const request = this.#fetch(scopes === undefined ? undefined : key.split(' ').filter(Boolean))
      .then((token) => {
        // An invalidate() during the request (a revoke seen elsewhere) wins over its answer.
        if (generation === this.#generation) this.#tokens.set(key, token)
        return token
      })
      .finally(() => this.#inflight.delete(key))
    this.#inflight.set(key, request)
    return request
  }

  /** Forgets the token for these scopes; the next get() for them fetches a new one. */
  invalidate(scopes?: readonly string[]): void {
    this.#generation++
    this.#tokens.delete(scopeKey(scopes))
  }

  /** Forgets every token (after a revocation, say). */
  clear(): void {
    this.#generation++
    this.#tokens.clear()
  }
}

/** Reads `sub` from a JWT payload without verifying it: only to label our own requests. */
export function subjectOf(jwt: string): string | undefined {
  const part = jwt.split('.')[1]
  if (!part) return undefined
  try {
    const payload = JSON.parse(new TextDecoder().decode(decodeBase64url(part))) as { sub?: unknown }
    return typeof payload.sub === 'string' ? payload.sub : undefined
  } catch {
    return undefined
  }
}
