/**
 * @module RFC 6749 §5.2 error responses for the token endpoint: the one place they are rendered.
 *
 * OAuth clients parse `{ error, error_description }`, not problem+json, so the token endpoint keeps
 * to the OAuth wire format. `reason` is for logs only, like a Denial's.
 */

/** RFC 6749 §5.2, plus RFC 8707 §2 `invalid_target` and §4.1.2.1's `temporarily_unavailable`. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'temporarily_unavailable'

export type OAuthFailure = {
  readonly error: OAuthErrorCode
  /** Human-readable, wire-safe: never a secret, a hash or a parameter value (a parameter name, cut to 32 characters, may appear). */
  readonly description: string
  /** Server-side only. */
  readonly reason: string
  readonly status?: number
  readonly retryAfterSeconds?: number
}

const DEFAULT_STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  // RFC 6749 §5.2 allows 401 for invalid_client, and RFC 9110 §15.5.2 then requires WWW-Authenticate.
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  temporarily_unavailable: 503,
}

export const oauthError = (error: OAuthErrorCode, description: string, reason: string, extra: Partial<OAuthFailure> = {}): OAuthFailure => ({
  error,
  description,
  reason,
  ...extra,
})

/** RFC 6749 §5.1/§5.2: token responses, good or bad, are never cached. */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const

export function renderOAuthError(f: OAuthFailure): Response {
  const status = f.status ?? DEFAULT_STATUS[f.error]
  const headers = new Headers({ ...NO_STORE, 'content-type': 'application/json' })
  // Always a challenge with a 401: Basic is the scheme clients can retry with (RFC 7617).
  if (status === 401) headers.set('www-authenticate', 'Basic realm="tollgate", charset="UTF-8"')
  if (f.retryAfterSeconds !== undefined) headers.set('retry-after', String(Math.max(1, Math.ceil(f.retryAfterSeconds))))
  return new Response(JSON.stringify({ error: f.error, error_description: f.description }), { status, headers })
}
