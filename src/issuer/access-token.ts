/**
 * @module Access-token claims (RFC 9068 profile) and signing.
 *
 * The claim names are the ones src/auth/principal.ts parses, so the foundation's verifier accepts
 * these tokens with no special case: `sub` = agent id, space-delimited `scope` (RFC 8693 §4.2),
 * `tier`, `agent_type`, `agent_version`, `agent_owner`, `max_rpm`.
 */
import { SignJWT, type JWTPayload } from 'jose'
import type { OAuthClient } from '../config/issuer'
import type { ActiveKey } from './signing-keys'

export type ClaimsInput = {
  readonly issuer: string
  readonly audience: string
  readonly client: OAuthClient
  readonly scopes: readonly string[]
  /** Seconds since the epoch. */
  readonly now: number
  readonly ttlSeconds: number
  readonly jti: string
}

/** Pure: the payload, with iat = now (so a token minted right after a revoke-all is not caught by it). */
export function accessTokenClaims(i: ClaimsInput): JWTPayload {
  const c = i.client
  return {
    iss: i.issuer,
    sub: c.agentId,
    aud: i.audience,
    iat: i.now,
    exp: i.now + i.ttlSeconds,
    jti: i.jti,
    // RFC 9068 §2.2: the client the token was issued to.
    client_id: c.clientId,
    scope: i.scopes.join(' '),
    tier: c.tier,
    ...(c.agentType !== undefined ? { agent_type: c.agentType } : {}),
    ...(c.agentVersion !== undefined ? { agent_version: c.agentVersion } : {}),
    ...(c.owner !== undefined ? { agent_owner: c.owner } : {}),
    ...(c.maxRpm !== undefined ? { max_rpm: c.maxRpm } : {}),
  }
}

/** RFC 9068 §2.1: `typ: at+jwt`, so an access token cannot be mistaken for an ID token. */
export function signAccessToken(claims: JWTPayload, key: ActiveKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' }).sign(key.key)
}
