/** @module The issuer's published documents: the JWKS (RFC 7517 §5) and RFC 8414 metadata. Pure. */
import type { IssuerConfig } from '../config/issuer'

type Enabled = Extract<IssuerConfig, { enabled: true }>

export const TOKEN_PATH = '/oauth/token'
export const JWKS_PATH = '/.well-known/jwks.json'
export const METADATA_PATH = '/.well-known/oauth-authorization-server'

export function jwksDocument(issuer: Enabled): { keys: readonly Record<string, string>[] } {
  return { keys: issuer.publicJwks.keys }
}

/**
 * Endpoints are absolute URLs on PUBLIC_URL, never on the Host a client sent: the document is
 * publicly cacheable, so a forged Host would poison it for everyone (issue 12 item 12).
 * `issuer` is JWT_ISSUER, the `iss` the tokens carry. Deploy with JWT_ISSUER set to PUBLIC_URL for
 * strict RFC 8414 §3.3 issuer matching (docs/issuer.md).
 */
export function authorizationServerMetadata(issuer: Enabled, issuerId: string, publicUrl: string, algorithms: readonly string[]) {
  const at = (path: string) => new URL(path, publicUrl).href
  const signing = [...new Set(issuer.keys.map((k) => k.alg))].filter((a) => algorithms.includes(a))
  return {
    issuer: issuerId,
    token_endpoint: at(TOKEN_PATH),
    jwks_uri: at(JWKS_PATH),
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: issuer.scopes,
    // REQUIRED by RFC 8414 §2; empty because there is no authorization endpoint (client credentials only).
    response_types_supported: [],
    // Not registered in RFC 8414, but widely read: what the access tokens are signed with.
    access_token_signing_alg_values_supported: signing,
  }
}
