/**
 * @module The gate-assertion contract, shared by the signer (the edge, src/proxy/assertion.ts) and
 * the verifier (tollgate/origin). Pure; runs in Workers, Node 20+ and browsers (Web Crypto).
 *
 * A JWT (RFC 7519) with explicit type `tollgate-assertion+jwt` (RFC 8725 §3.11, so an agent's access
 * token can never pass for one), request binding borrowed from DPoP (RFC 9449 §4.2: `htm`, `htu`)
 * and the body bound by an RFC 9530 digest.
 */

/** The request header carrying the assertion. Tollgate strips any inbound copy (x-tollgate-*). */
export const ASSERTION_HEADER = 'x-tollgate-assertion'
export const ASSERTION_TYP = 'tollgate-assertion+jwt'
/** Where the gateway publishes the verification keys (a JWKS, RFC 7517 §5). */
export const ASSERTION_JWKS_PATH = '/.well-known/tollgate/assertion-keys.json'
/** `content_digest` of a body the gateway streamed without reading (ORIGIN_ASSERTION_BODY = "stream"). */
export const STREAMED_BODY = 'streamed'

export type AssertionClaims = {
  /** The gateway's public origin (PUBLIC_URL). */
  readonly iss: string
  /** The origin's identifier (ORIGIN_ASSERTION_AUDIENCE). */
  readonly aud: string
  /** The agent id the gateway authenticated. */
  readonly sub: string
  /** Space-delimited scopes the agent's token carried. */
  readonly scope: string
  readonly tier: string
  /** The request id (X-Request-Id), for correlating logs. */
  readonly rid: string
  /** Unique per assertion: the replay-cache key. */
  readonly jti: string
  readonly iat: number
  readonly exp: number
  /** HTTP method, as forwarded. */
  readonly htm: string
  /** Path and query exactly as forwarded (origin-form request target, RFC 9112 §3.2.1). */
  readonly htu: string
  /** RFC 9530 Content-Digest value of the forwarded body (`sha-256=:…:`), or "streamed". */
  readonly content_digest: string
}

/** The origin-form request target: what `htu` binds. */
export function requestTarget(url: URL): string {
  return url.pathname + url.search
}

/** `sha-256=:<base64>:` (RFC 9530 §2, the Content-Digest field's syntax). */
export async function contentDigest(bytes: Uint8Array): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  let bin = ''
  for (const b of hash) bin += String.fromCharCode(b)
  return `sha-256=:${btoa(bin)}:`
}
