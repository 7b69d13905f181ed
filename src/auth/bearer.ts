/**
 * @module Where the agent put its bearer token (RFC 6750 §2), and whether that is acceptable. Pure.
 *
 * Tollgate accepts one method: the Authorization header (§2.1). §3.1 draws the lines the codes
 * follow: a request with no bearer credentials at all (no header, another scheme such as Basic)
 * gets a bare challenge; a malformed Bearer header, or a token sent by more than one method (two
 * Authorization values, the header plus a query or form `access_token`), is `invalid_request`.
 */

/** What the Authorization header carries. `reason` is for logs only. */
export type BearerHeader =
  | { readonly kind: 'none'; readonly reason: 'no_authorization' | 'other_scheme' }
  | { readonly kind: 'malformed'; readonly reason: 'bearer_syntax' | 'multiple_credentials' }
  | { readonly kind: 'token'; readonly token: string }

/** RFC 6750 §2.1: `"Bearer" 1*SP b64token`, the scheme case-insensitive (RFC 9110 §11.1). */
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i
/** The header starts with the Bearer scheme (followed by anything, or nothing). */
const BEARER_SCHEME = /^bearer(?:[\s,]|$)/i
/**
 * A Bearer credential after a list comma: runtimes join repeated Authorization fields with ", "
 * (RFC 9110 §5.3), so `Basic …, Bearer …` is two credentials, one of them ours.
 */
const LATER_BEARER = /,\s*bearer(?:[\s,]|$)/i

export function bearerFrom(header: string | undefined | null): BearerHeader {
  if (header === undefined || header === null || header.trim() === '') return { kind: 'none', reason: 'no_authorization' }
  if (BEARER_SCHEME.test(header)) {
    const m = BEARER.exec(header)
    if (m) return { kind: 'token', token: m[1]! }
    return { kind: 'malformed', reason: LATER_BEARER.test(header) ? 'multiple_credentials' : 'bearer_syntax' }
  }
  if (LATER_BEARER.test(header)) return { kind: 'malformed', reason: 'multiple_credentials' }
  return { kind: 'none', reason: 'other_scheme' }
}

/** A JWT-looking value anywhere in the query is a leaked credential (RFC 6750 §5.3, RFC 9700 §2.4). */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\./

/** A token in the URL (§2.3 `access_token`, or any JWT-looking value): never accepted, always refused. */
export function tokenInQuery(url: URL): boolean {
  if (url.search === '') return false
  if (url.searchParams.has('access_token')) return true
  for (const [k, v] of url.searchParams) if (JWT_LIKE.test(v) || JWT_LIKE.test(k)) return true
  return false
}

/** §2.2: the form-encoded body parameter that carries a token. */
export const FORM_TOKEN_PARAM = 'access_token'
