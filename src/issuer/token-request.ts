/**
 * @module Parses a token request (RFC 6749 §4.4.2) and its client authentication (§2.3.1). Pure.
 *
 * Only syntax is checked here; who the client is and what it may have is decided in routes.ts.
 */
import { mediaType } from '../input/media-type'
import { decodeBase64Utf8 } from '../input/text'
import { oauthError, type OAuthFailure } from './oauth-error'
import { SCOPE_TOKEN } from '../auth/grammar'

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post'

export type TokenRequest = {
  readonly clientId: string
  readonly clientSecret: string
  readonly method: ClientAuthMethod
  /** Requested scopes, deduplicated; undefined when the client asked for none (§3.3: default). */
  readonly scopes: readonly string[] | undefined
  /** RFC 8707 resource indicators, possibly several. */
  readonly resources: readonly string[]
}

export type RawTokenRequest = {
  readonly contentType: string | undefined
  readonly body: string
  readonly query: URLSearchParams
  readonly authorization: string | undefined
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: OAuthFailure }

/** RFC 6749 Appendix A.1/A.2: client_id and client_secret are VSCHAR (%x20-7E). */
const VSCHAR = /^[\x20-\x7e]*$/
const MAX_ID = 128
const MAX_SECRET = 512
const MAX_SCOPES = 64
/** Parameters that may repeat: RFC 8707 §2 allows several `resource` values. */
const REPEATABLE = new Set(['resource'])

const bad = (error: OAuthFailure['error'], description: string, reason: string): Parsed<never> => ({ ok: false, failure: oauthError(error, description, reason) })

/** application/x-www-form-urlencoded decoding (WHATWG URL §5.1): `+` is a space. */
function formDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}

/** `Basic base64(urlencode(id) ":" urlencode(secret))`, per RFC 6749 §2.3.1 and RFC 7617. */
export function parseBasic(header: string): { id: string; secret: string } | undefined {
  const m = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header)
  if (!m) return undefined
  const text = decodeBase64Utf8(m[1]!)
  if (text === undefined) return undefined
  const colon = text.indexOf(':')
  if (colon < 0) return undefined
  const id = formDecode(text.slice(0, colon))
  const secret = formDecode(text.slice(colon + 1))
  return id === undefined || secret === undefined ? undefined : { id, secret }
}

export function parseScope(value: string | undefined): string[] | undefined | null {
  if (value === undefined || value.trim() === '') return undefined
  const list = value.split(' ').filter(Boolean)
  if (list.length > MAX_SCOPES || !list.every((s) => SCOPE_TOKEN.test(s))) return null
  return [...new Set(list)]
}

export function parseTokenRequest(raw: RawTokenRequest): Parsed<TokenRequest> {
  if (mediaType(raw.contentType ?? null).type !== 'application/x-www-form-urlencoded') {
    return bad('invalid_request', 'the body must be application/x-www-form-urlencoded', 'content_type')
  }
  // §2.3.1: credentials "MUST NOT be included in the request URI".
  if (raw.query.has('client_secret')) return bad('invalid_request', 'client credentials must not be sent in the URI', 'secret_in_query')

  const form = new URLSearchParams(raw.body)
  const params = new Map<string, string>()
  const resources: string[] = []
  for (const [name, value] of form) {
    if (REPEATABLE.has(name)) {
      resources.push(value)
      continue
    }
    // §3.2: "Request and response parameters MUST NOT be included more than once."
    if (params.has(name)) return bad('invalid_request', `parameter ${name.slice(0, 32)} given more than once`, 'duplicate_param')
    params.set(name, value)
  }

  const basic = raw.authorization !== undefined && raw.authorization !== ''
  let id: string | undefined
  let secret: string | undefined
  let method: ClientAuthMethod
  if (basic) {
    const creds = parseBasic(raw.authorization!)
    if (!creds) return bad('invalid_client', 'client authentication failed', 'basic_malformed')
    // §2.3: a client MUST NOT use more than one authentication method in a request.
    if (params.has('client_secret')) return bad('invalid_request', 'use one client authentication method, not two', 'two_methods')
    if (params.has('client_id') && params.get('client_id') !== creds.id) return bad('invalid_request', 'client_id does not match the Authorization header', 'client_id_mismatch')
    ;({ id, secret } = creds)
    method = 'client_secret_basic'
  } else {
    id = params.get('client_id')
    secret = params.get('client_secret')
    method = 'client_secret_post'
    if (id === undefined || secret === undefined) return bad('invalid_client', 'client authentication failed', id === undefined ? 'no_client_auth' : 'no_client_secret')
  }
  if (id === '' || id.length > MAX_ID || secret.length > MAX_SECRET || !VSCHAR.test(id) || !VSCHAR.test(secret)) {
    return bad('invalid_client', 'client authentication failed', 'credential_syntax')
  }

  const grant = params.get('grant_type')
  if (grant === undefined || grant === '') return bad('invalid_request', 'grant_type is required', 'no_grant_type')
  if (grant !== 'client_credentials') return bad('unsupported_grant_type', 'only the client_credentials grant is supported', 'grant_type')

  const scopes = parseScope(params.get('scope'))
  if (scopes === null) return bad('invalid_scope', 'scope must be space-delimited scope tokens (RFC 6749 §3.3)', 'scope_syntax')
  return { ok: true, value: { clientId: id, clientSecret: secret, method, scopes, resources } }
}
