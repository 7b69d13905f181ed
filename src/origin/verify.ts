/**
 * @module Verifies a gate assertion on the origin side: signature and key (by `kid`, from the gate's
 * JWKS), issuer, audience, type, age and clock skew, then that it binds THIS request (method,
 * path+query, body digest), then replay. Runs in Node 20+, Workers, Deno and Bun (Web Crypto, jose).
 */
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose'
import { ASSERTION_HEADER, ASSERTION_TYP, contentDigest, requestTarget, STREAMED_BODY, type AssertionClaims } from './contract.js'
import { MemoryReplayStore, type ReplayStore } from './replay.js'

export type VerifyOptions = {
  /** The gateway's PUBLIC_URL, e.g. https://api.example.com. */
  readonly issuer: string
  /** This origin's identifier: the gateway's ORIGIN_ASSERTION_AUDIENCE. */
  readonly audience: string
  /** The gateway's published keys: its JWKS URL (…/.well-known/tollgate/assertion-keys.json) or the JWKS itself. */
  readonly jwks: string | URL | JSONWebKeySet
  readonly algorithms?: readonly ('EdDSA' | 'ES256')[]
  /** Oldest acceptable assertion, by `iat` (default 60 s; the gateway signs each one just before forwarding). */
  readonly maxAgeSeconds?: number
  /** Clock skew allowed between gateway and origin (default 5 s). */
  readonly clockToleranceSeconds?: number
  /** Where used `jti`s are remembered (default: in memory, per process). `false` turns replay checks off. */
  readonly replay?: ReplayStore | false
  /** Bodies the gateway streamed without a digest (ORIGIN_ASSERTION_BODY = "stream"): refused unless "accept". */
  readonly streamedBodies?: 'refuse' | 'accept'
}

export type FailureCode =
  | 'ASSERTION_MISSING'
  | 'ASSERTION_INVALID'
  | 'ASSERTION_EXPIRED'
  | 'ASSERTION_MISMATCH'
  | 'ASSERTION_REPLAYED'
  | 'BODY_MISMATCH'
  | 'BODY_UNVERIFIED'
  | 'KEYS_UNAVAILABLE'

export type Verified = {
  readonly ok: true
  readonly claims: AssertionClaims
  readonly agent: { readonly id: string; readonly scopes: readonly string[]; readonly tier: string }
  /** The body bytes that were checked against the digest (undefined for an accepted streamed body). */
  readonly body: Uint8Array | undefined
}
export type Refused = { readonly ok: false; readonly status: 401 | 503; readonly code: FailureCode; readonly reason: string }
export type VerifyResult = Verified | Refused

/** A request as a Node or other non-fetch server holds it. */
export type RequestParts = {
  readonly method: string
  /** The request target (`/path?query`, as Node's req.url) or an absolute URL. */
  readonly url: string
  readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>
  /** The raw body bytes (empty or undefined when there is none). */
  readonly body?: Uint8Array | undefined
}

const refuse = (code: FailureCode, reason: string, status: 401 | 503 = 401): Refused => ({ ok: false, status, code, reason })
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS'])

function headerOf(headers: RequestParts['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  const v = headers[name] ?? headers[name.toLowerCase()]
  if (Array.isArray(v)) return v.length === 1 ? v[0] : ','
  return v as string | undefined
}

function claimsOf(p: Record<string, unknown>): AssertionClaims | undefined {
  const strings = ['iss', 'sub', 'scope', 'tier', 'rid', 'jti', 'htm', 'htu', 'content_digest'] as const
  if (!strings.every((k) => typeof p[k] === 'string') || typeof p['iat'] !== 'number' || typeof p['exp'] !== 'number') return undefined
  return p as unknown as AssertionClaims
}

export class AssertionVerifier {
  readonly #options: VerifyOptions
  readonly #keys: JWTVerifyGetKey
  readonly #replay: ReplayStore | undefined

  constructor(options: VerifyOptions) {
    this.#options = options
    const { jwks } = options
    this.#keys = typeof jwks === 'string' || jwks instanceof URL ? createRemoteJWKSet(new URL(jwks)) : createLocalJWKSet(jwks)
    this.#replay = options.replay === false ? undefined : (options.replay ?? new MemoryReplayStore())
  }

  /** A fetch Request (Hono, Workers, Deno, Bun, Next.js route handlers). Reads a clone of the body. */
  async verify(request: Request): Promise<VerifyResult> {
    const needsBody = request.body !== null && !BODYLESS.has(request.method)
    return this.verifyParts({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: needsBody ? new Uint8Array(await request.clone().arrayBuffer()) : undefined,
    })
  }

  /** A request from Node's http module, Express, Fastify…: pass the raw body bytes. */
  async verifyParts(req: RequestParts): Promise<VerifyResult> {
    const token = headerOf(req.headers, ASSERTION_HEADER)
    if (!token) return refuse('ASSERTION_MISSING', 'no assertion header')
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return refuse('ASSERTION_INVALID', 'not a compact JWS')
    const o = this.#options
    let payload: Record<string, unknown>
    try {
      ;({ payload } = await jwtVerify(token, this.#keys, {
        issuer: o.issuer,
        audience: o.audience,
        algorithms: [...(o.algorithms ?? ['EdDSA', 'ES256'])],
        typ: ASSERTION_TYP,
        clockTolerance: o.clockToleranceSeconds ?? 5,
        maxTokenAge: o.maxAgeSeconds ?? 60,
        requiredClaims: ['iat', 'exp', 'jti', 'sub'],
      }))
    } catch (error) {
      if (error instanceof errors.JWTExpired) return refuse('ASSERTION_EXPIRED', error.code)
      if (error instanceof errors.JWKSTimeout || (error instanceof errors.JOSEError && error.code === 'ERR_JWKS_INVALID')) return refuse('KEYS_UNAVAILABLE', error.code, 503)
      if (error instanceof TypeError) return refuse('KEYS_UNAVAILABLE', 'jwks_fetch', 503)
      return refuse('ASSERTION_INVALID', error instanceof errors.JOSEError ? error.code : 'verify_failed')
    }
    const claims = claimsOf(payload)
    if (!claims) return refuse('ASSERTION_INVALID', 'claims')
    const url = new URL(req.url, 'http://origin.invalid')
    if (claims.htm !== req.method.toUpperCase()) return refuse('ASSERTION_MISMATCH', 'method')
    if (claims.htu !== requestTarget(url)) return refuse('ASSERTION_MISMATCH', 'target')
    let body: Uint8Array | undefined = req.body ?? new Uint8Array(0)
    if (claims.content_digest === STREAMED_BODY) {
      if (o.streamedBodies !== 'accept') return refuse('BODY_UNVERIFIED', 'streamed body without digest')
      body = undefined
    } else if ((await contentDigest(body)) !== claims.content_digest) {
      return refuse('BODY_MISMATCH', 'digest')
    }
    if (this.#replay && !(await this.#replay.remember(claims.jti, claims.exp))) return refuse('ASSERTION_REPLAYED', 'jti')
    return { ok: true, claims, agent: { id: claims.sub, scopes: claims.scope.split(' ').filter(Boolean), tier: claims.tier }, body }
  }
}

const verifiers = new WeakMap<VerifyOptions, AssertionVerifier>()

/** One-call form; keys and the replay store are kept per options object, so pass the same one each time. */
export function verify(request: Request, options: VerifyOptions): Promise<VerifyResult> {
  let v = verifiers.get(options)
  if (!v) verifiers.set(options, (v = new AssertionVerifier(options)))
  return v.verify(request)
}
