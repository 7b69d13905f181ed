/**
 * @module Token verification: strict compact-JWS shape checks, then jose, then Tollgate's claim policy.
 *
 * Returns data, never throws for a bad token. `reason` is jose's err.code or ours; it is logged
 * and never rendered (RFC 8725 §3: don't help an attacker tune the forgery).
 */
import { jwtVerify, type JWTVerifyGetKey } from 'jose'
import { toPrincipal, type ClaimsPolicy, type Principal } from './principal'
import type { KeyResolver } from './keys'
import { scanJson, UNLIMITED_JSON } from '../input/json'
import { decodeUtf8 } from '../input/text'
import { decodeBase64url, isCanonicalBase64url } from '../lib/base64'
import { KID } from './grammar'

export type VerifyOptions = ClaimsPolicy & {
  readonly issuer: string
  readonly audience: string
  readonly algorithms: readonly string[]
  readonly clockToleranceSeconds: number
  /** `exp - iat` bound; undefined only for the JWT list's relaxed baseline run. */
  readonly maxTtlSeconds: number | undefined
  readonly now?: number
}

export type VerifyResult =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly code: 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'KEYS_UNAVAILABLE'; readonly reason: string }

/** Generous for real tokens (a few hundred bytes), small enough that padding bombs are refused unparsed. */
export const MAX_TOKEN_LENGTH = 8_192
/** Compact JWS only (RFC 7515 §7.1): three unpadded base64url parts. JWE (5 parts) never verifies. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
/**
 * Header allow-list. `jku`, `x5u`, `x5c` and `jwk` would let the token choose its own key
 * (jwt_tool's key-injection attacks); `crit`/`b64` (RFC 7797) and `cty` (nested JWTs) are not expected.
 */
const HEADER_PARAMS = new Set(['alg', 'typ', 'kid'])
const TYP = /^(jwt|at\+jwt|application\/at\+jwt)$/i

const fail = (reason: string, code: 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'KEYS_UNAVAILABLE' = 'TOKEN_INVALID'): VerifyResult => ({ ok: false, code, reason })

/** A base64url segment's strict UTF-8 text; throws when it is neither. */
function decodeSegment(segment: string): string {
  const text = decodeUtf8(decodeBase64url(segment))
  if (text === undefined) throw new TypeError('segment is not UTF-8')
  return text
}

function checkShape(token: string): string | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return 'token_too_long'
  if (!COMPACT_JWS.test(token)) return 'not_compact_jws'
  const [h, p, sig] = token.split('.') as [string, string, string]
  if (!isCanonicalBase64url(h) || !isCanonicalBase64url(p) || !isCanonicalBase64url(sig)) return 'non_canonical_base64url'
  let header: unknown
  let payload: string
  try {
    header = JSON.parse(decodeSegment(h))
    payload = decodeSegment(p)
  } catch {
    return 'undecodable'
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return 'header_not_object'
  const hdr = header as Record<string, unknown>
  for (const name of Object.keys(hdr)) if (!HEADER_PARAMS.has(name)) return `header_param_${name.slice(0, 16)}`
  // kid is a lookup key, never a path, URL or query: refuse anything that could be one.
  if (hdr['kid'] !== undefined && (typeof hdr['kid'] !== 'string' || !KID.test(hdr['kid']))) return 'kid_invalid'
  if (hdr['typ'] !== undefined && (typeof hdr['typ'] !== 'string' || !TYP.test(hdr['typ']))) return 'typ_invalid'
  // RFC 7519 §4: a claim set with duplicate names MUST be rejected (or parsers disagree on it).
  if (scanJson(payload, UNLIMITED_JSON, 'top-level').ok === false) return 'duplicate_claims'
  return undefined
}

function joseCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'UNKNOWN'
}

/**
 * Failures that mean "we could not get keys", which must be 503, never 401 and never open.
 * jose marks its own failures with `ERR_*` codes; with a remote key set, anything else came from
 * the fetch itself (connection refused, reset, DNS), i.e. the JWKS endpoint is down.
 */
function keysUnavailable(error: unknown, remote: boolean): boolean {
  const code = joseCode(error)
  if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JWKS_INVALID') return true
  if (code === 'ERR_JOSE_GENERIC' && error instanceof Error && /JSON Web Key Set/i.test(error.message)) return true
  return remote && !code.startsWith('ERR_')
}

export async function verifyToken(token: string, keys: KeyResolver, opts: VerifyOptions): Promise<VerifyResult> {
  const shape = checkShape(token)
  if (shape) return fail(shape)
  const now = opts.now ?? Math.floor(Date.now() / 1000)
  let payload
  try {
    const options = {
      issuer: opts.issuer,
      audience: opts.audience,
      algorithms: [...opts.algorithms],
      clockTolerance: opts.clockToleranceSeconds,
      requiredClaims: ['iss', 'aud', 'sub', 'iat', 'exp', ...(opts.requireJti ? ['jti'] : [])],
      currentDate: new Date(now * 1000),
    }
    ;({ payload } = typeof (keys as JWTVerifyGetKey) === 'function'
      ? await jwtVerify(token, keys as JWTVerifyGetKey, options)
      : await jwtVerify(token, keys as CryptoKey, options))
  } catch (error) {
    const code = joseCode(error)
    if (code === 'ERR_JWT_EXPIRED') return fail(code, 'TOKEN_EXPIRED')
    if (keysUnavailable(error, typeof keys === 'function')) return fail(`keys:${code}`, 'KEYS_UNAVAILABLE')
    const claim = code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' ? `:${String((error as { claim?: unknown }).claim)}` : ''
    return fail(`${code}${claim}`)
  }
  if (typeof payload.iat !== 'number' || payload.iat > now + opts.clockToleranceSeconds) return fail('iat_in_future')
  if (opts.maxTtlSeconds !== undefined && (payload.exp as number) - payload.iat > opts.maxTtlSeconds) return fail('lifetime_exceeds_max')
  const claims = toPrincipal(payload, opts)
  return claims.ok ? { ok: true, principal: claims.principal } : fail(claims.reason)
}
