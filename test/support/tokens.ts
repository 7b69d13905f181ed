/** @module Test token factory: signs with the demo-only key, with knobs for every bad-token case. */
import { importJWK, SignJWT, type JWTPayload } from 'jose'
import demoKey from '../../demo/keys/demo-signing-key.jwk.json'

export const ISSUER = 'https://demo.tollgate.local'
export const AUDIENCE = 'https://api.demo.tollgate.local'

const { _warning, ...jwk } = demoKey as Record<string, string>
let keyPromise: Promise<CryptoKey | Uint8Array> | undefined
const key = () => (keyPromise ??= importJWK(jwk, 'EdDSA') as Promise<CryptoKey>)

export type TokenOptions = {
  sub?: string | null
  scopes?: string[]
  tier?: string
  ttl?: number
  iss?: string
  aud?: string
  nbfOffset?: number
  jti?: string | null
  iatOffset?: number
  claims?: JWTPayload
  header?: Record<string, unknown>
}

let counter = 0
/** A unique agent id per test, since DO storage is isolated per file, not per test. */
export function agentId(prefix = 'agent'): string {
  return `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`
}

export async function mintToken(o: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000) + (o.iatOffset ?? 0)
  const payload: JWTPayload = { scope: (o.scopes ?? []).join(' '), ...(o.tier ? { tier: o.tier } : {}), ...o.claims }
  let jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: jwk['kid'], ...o.header })
    .setIssuer(o.iss ?? ISSUER)
    .setAudience(o.aud ?? AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (o.ttl ?? 300))
  if (o.sub !== null) jwt = jwt.setSubject(o.sub ?? agentId())
  if (o.jti !== null) jwt = jwt.setJti(o.jti ?? crypto.randomUUID())
  if (o.nbfOffset !== undefined) jwt = jwt.setNotBefore(now + o.nbfOffset)
  return jwt.sign(await key())
}
