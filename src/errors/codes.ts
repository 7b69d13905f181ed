/**
 * @module The stable denial codes: code → HTTP status, title and problem type.
 *
 * Codes are part of the wire contract (docs/error-codes.md). Entries are only ever added, never
 * renamed or removed; a test checks that every code is documented.
 */

/** Problem types from draft-ietf-httpapi-ratelimit-headers §"Problem Types". */
const QUOTA_EXCEEDED = 'https://iana.org/assignments/http-problem-types#quota-exceeded'
const ABNORMAL_USAGE = 'https://iana.org/assignments/http-problem-types#abnormal-usage-detected'

/**
 * The `WWW-Authenticate` a code answers with (RFC 6750 §3, derived from the code alone):
 * `bearer` is a bare challenge, for a request that carried no bearer credentials at all (§3.1:
 * "SHOULD NOT include an error code"); the others name their RFC 6750 §3.1 error; `admin` is the
 * admin API's own realm.
 */
export type Challenge = 'bearer' | 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'admin'

type CodeSpec = { readonly status: number; readonly title: string; readonly type?: string; readonly challenge?: Challenge }

export const DENIAL_CODES = {
  // Authentication (RFC 6750 / RFC 9728). No bearer credentials at all (no header, another scheme):
  // 401 with a bare challenge. A malformed one, or a token sent by more than one method: 400
  // invalid_request (§3.1). A token that does not verify: 401 invalid_token.
  AUTH_MISSING: { status: 401, title: 'Authentication required', challenge: 'bearer' },
  AUTH_MALFORMED: { status: 400, title: 'Malformed Authorization header', challenge: 'invalid_request' },
  TOKEN_IN_QUERY: { status: 400, title: 'Tokens are accepted only in the Authorization header', challenge: 'invalid_request' },
  TOKEN_IN_BODY: { status: 400, title: 'Token sent in the request body', challenge: 'invalid_request' },
  TOKEN_INVALID: { status: 401, title: 'Invalid token', challenge: 'invalid_token' },
  TOKEN_EXPIRED: { status: 401, title: 'Token expired', challenge: 'invalid_token' },
  TOKEN_REVOKED: { status: 401, title: 'Token revoked', challenge: 'invalid_token' },
  AGENT_ID_MISMATCH: { status: 401, title: 'X-Agent-ID does not match the token subject', challenge: 'invalid_token' },
  KEYS_UNAVAILABLE: { status: 503, title: 'Verification keys unavailable' },

  // Authorization and routing
  INSUFFICIENT_SCOPE: { status: 403, title: 'Insufficient scope', challenge: 'insufficient_scope' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No route matches this request' },
  PATH_REJECTED: { status: 400, title: 'Request path rejected' },
  AGENT_BLOCKED: { status: 403, title: 'Agent blocked' },
  TLS_REQUIRED: { status: 403, title: 'HTTPS required' },
  ORIGIN_NOT_ALLOWED: { status: 403, title: 'Request origin not allowed' },

  // Input
  BODY_TOO_LARGE: { status: 413, title: 'Request body too large' },
  BODY_TIMEOUT: { status: 408, title: 'Request body not received in time' },
  /** Reserved: the runtime answers oversize headers with its own 431 before the Worker runs. */
  HEADERS_TOO_LARGE: { status: 431, title: 'Request headers too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  MALFORMED_JSON: { status: 400, title: 'Malformed JSON' },
  INVALID_UTF8: { status: 400, title: 'Body is not valid UTF-8' },
  JSON_TOO_COMPLEX: { status: 400, title: 'JSON exceeds depth, key or string limits' },
  SCHEMA_VIOLATION: { status: 422, title: 'Request does not match the schema' },
  INPUT_REJECTED: { status: 400, title: 'Request content rejected by screening policy' },

  // Limits and behaviour (the guard)
  RATE_LIMITED: { status: 429, title: 'Rate limit exceeded', type: QUOTA_EXCEEDED },
  BUDGET_EXHAUSTED: { status: 429, title: 'Cost budget exhausted', type: QUOTA_EXCEEDED },
  ABNORMAL_USAGE: { status: 429, title: 'Abnormal usage detected', type: ABNORMAL_USAGE },
  GUARD_UNAVAILABLE: { status: 503, title: 'Guard unavailable' },

  // MCP (tool-level codes render as JSON-RPC errors on the same id)
  MCP_MALFORMED: { status: 400, title: 'Malformed JSON-RPC message' },
  MCP_BATCH_TOO_LARGE: { status: 413, title: 'JSON-RPC batch too large' },
  MCP_METHOD_NOT_ALLOWED: { status: 403, title: 'JSON-RPC method not allowed' },
  MCP_TOOL_UNKNOWN: { status: 403, title: 'Unknown tool' },
  MCP_TOOL_FORBIDDEN: { status: 403, title: 'Tool call not permitted' },
  MCP_TOOL_ARGS_INVALID: { status: 422, title: 'Tool arguments do not match the schema' },
  MCP_TOOL_QUARANTINED: { status: 403, title: 'Tool quarantined pending approval' },
  MCP_HEADER_MISMATCH: { status: 400, title: 'MCP headers disagree with the body' },
  MCP_CONCURRENCY_LIMIT: { status: 429, title: 'Too many concurrent tool calls', type: QUOTA_EXCEEDED },
  MCP_SESSION_TOOL_LIMIT: { status: 429, title: 'Too many distinct tools in this session', type: QUOTA_EXCEEDED },
  MCP_RESULT_BLOCKED: { status: 502, title: 'Tool result blocked by screening policy' },
  MCP_RESULT_TOO_LARGE: { status: 502, title: 'Tool result too large to screen' },
  /** 404 like an unknown session (MCP spec, Session Management): all another agent may learn. */
  MCP_SESSION_FORBIDDEN: { status: 404, title: 'MCP session not found for this agent' },

  // Data-loss prevention on answers and tool results (docs/dlp.md)
  DLP_BLOCKED: { status: 502, title: 'Answer withheld by data-loss policy' },
  DLP_UNSCANNABLE: { status: 502, title: 'Answer could not be scanned for data loss' },
  RECORDS_BUDGET_EXHAUSTED: { status: 429, title: 'Personal-data records budget exhausted', type: QUOTA_EXCEEDED },

  // Admin API
  ADMIN_UNAUTHORIZED: { status: 401, title: 'Admin authentication required', challenge: 'admin' },
  ADMIN_BAD_REQUEST: { status: 400, title: 'Invalid admin request' },
  ADMIN_AUTH_THROTTLED: { status: 429, title: 'Too many failed admin authentications' },
  ADMIN_AUTH_UNAVAILABLE: { status: 503, title: 'Admin authentication limiter unavailable' },
  CSRF_REJECTED: { status: 403, title: 'Cross-site request refused' },

  // Gateway and origin
  ORIGIN_UNAVAILABLE: { status: 502, title: 'Origin unavailable' },
  ORIGIN_TIMEOUT: { status: 504, title: 'Origin timed out' },
  GATEWAY_MISCONFIGURED: { status: 500, title: 'Gateway misconfigured' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, CodeSpec>

export type DenialCode = keyof typeof DENIAL_CODES

export function codeSpec(code: DenialCode): CodeSpec {
  return DENIAL_CODES[code]
}

/** Problem type URI: IETF-registered types where one fits, otherwise a per-code fragment. */
export function problemType(code: DenialCode): string {
  return codeSpec(code).type ?? `https://tollgate.dev/errors#${code}`
}
