/**
 * @module Signs the gate assertion every forwarded request carries (docs/origin-trust.md), so the
 * origin can refuse anything that did not pass the gate. The key is imported once per isolate.
 *
 * Claims are built from what the gate decided (principal, request id) and from the request exactly
 * as forwarded (method, origin-form target, body digest), never from headers the agent sent.
 */
import { SignJWT } from 'jose'
import type { Principal } from '../auth/principal'
import type { AssertionConfig } from '../config/deployment'
import { activeSigningKey } from '../issuer/signing-keys'
import { ASSERTION_TYP, type AssertionClaims } from '../origin/contract.js'

export type AssertionInput = {
  readonly principal: Principal
  readonly requestId: string
  readonly method: string
  /** Path and query as forwarded. */
  readonly target: string
  /** RFC 9530 digest of the forwarded body, or STREAMED_BODY. */
  readonly contentDigest: string
  /** Seconds since the epoch. */
  readonly now: number
}

/** Pure: the claim set for one forwarded request. */
export function assertionClaims(a: AssertionConfig, i: AssertionInput): AssertionClaims {
  return {
    iss: a.issuer,
    aud: a.audience,
    sub: i.principal.agentId,
    scope: i.principal.scopes.join(' '),
    tier: i.principal.tier,
    rid: i.requestId,
    jti: crypto.randomUUID(),
    iat: i.now,
    exp: i.now + a.ttlSeconds,
    htm: i.method,
    htu: i.target,
    content_digest: i.contentDigest,
  }
}

export async function signAssertion(a: AssertionConfig, i: AssertionInput): Promise<string> {
  const key = await activeSigningKey(a.keys, a.activeKid)
  return new SignJWT(assertionClaims(a, i)).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ASSERTION_TYP }).sign(key.key)
}

/** The public keys origins verify with (every configured key, so a rotation never breaks them). */
export function assertionKeys(a: AssertionConfig): () => Response {
  const body = JSON.stringify(a.publicJwks)
  return () => new Response(body, { headers: { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300' } })
}
