/**
 * @module Cloudflare Access for the console: verifies `Cf-Access-Jwt-Assertion` with jose.
 *
 * The assertion is checked against the team's keys (`https://<team>.cloudflareaccess.com/cdn-cgi/
 * access/certs`, rotated by Cloudflare every six weeks, so fetched through jose's remote JWK set),
 * with `iss` the team domain and `aud` the application's AUD tag, RS256 only
 * (developers.cloudflare.com, Access "Validate JWTs"). The header, not the CF_Authorization cookie,
 * is what Cloudflare guarantees to send.
 */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose'
import type { ConsoleConfig } from '../config/console'

type AccessConfig = NonNullable<ConsoleConfig['access']>

const keySets = new Map<string, JWTVerifyGetKey>()

function keysFor(certsUrl: string): JWTVerifyGetKey {
  let set = keySets.get(certsUrl)
  if (!set) {
    set = createRemoteJWKSet(new URL(certsUrl), { cacheMaxAge: 3_600_000, cooldownDuration: 30_000, timeoutDuration: 5_000 })
    keySets.set(certsUrl, set)
  }
  return set
}

export type AccessIdentity = { readonly subject: string }

/** The operator an assertion names, or null (a missing, forged, expired or foreign assertion). */
export async function verifyAccess(assertion: string | undefined, access: AccessConfig): Promise<AccessIdentity | null> {
  if (!assertion || assertion.length > 8_192) return null
  try {
    const { payload } = await jwtVerify(assertion, keysFor(access.certsUrl), {
      issuer: access.issuer,
      audience: access.aud,
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'iat'],
      clockTolerance: 30,
    })
    const who = typeof payload['email'] === 'string' ? payload['email'] : typeof payload.sub === 'string' && payload.sub ? payload.sub : typeof payload['common_name'] === 'string' ? payload['common_name'] : ''
    const subject = who.replace(/[^A-Za-z0-9._@:+-]/g, '_').slice(0, 128)
    return subject ? { subject: `access:${subject}`.slice(0, 128) } : null
  } catch {
    return null
  }
}
