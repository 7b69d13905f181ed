/**
 * @module The one renderer: a Denial becomes RFC 9457 problem+json, or a JSON-RPC error for MCP.
 *
 * Headers owed by the spec are added here only: WWW-Authenticate (RFC 6750 §3, RFC 9728 §5.1),
 * derived from the code alone (codes.ts `challenge`), Retry-After (RFC 9110 §10.2.3),
 * Cache-Control: no-store. `detail` comes from details.ts; `reason` never leaves this process.
 * Rendering changes nothing on the context: the context stage learns the denial from `c.error`.
 */
import type { Context } from 'hono'
import { codeSpec, DENIAL_CODES, problemType, type Challenge, type DenialCode } from './codes'
import type { Denial } from './denial'
import { DENIAL_DETAILS } from './details'
import type { GatewayEnv } from '../pipeline/types'

/** Codes answered in-band as a JSON-RPC error with HTTP 200, because they concern one tool call. */
const TOOL_LEVEL: ReadonlySet<DenialCode> = new Set([
  'MCP_METHOD_NOT_ALLOWED',
  'MCP_TOOL_UNKNOWN',
  'MCP_TOOL_FORBIDDEN',
  'MCP_TOOL_ARGS_INVALID',
  'MCP_TOOL_QUARANTINED',
  'MCP_SESSION_TOOL_LIMIT',
  'INPUT_REJECTED',
  'SCHEMA_VIOLATION',
])

/** JSON-RPC codes: -32700/-32600 per JSON-RPC 2.0 §5.1; server range -32000..-32099 for policy. */
function rpcCode(code: DenialCode): number {
  if (code === 'MALFORMED_JSON' || code === 'INVALID_UTF8') return -32_700
  if (code === 'MCP_MALFORMED' || code === 'MCP_BATCH_TOO_LARGE') return -32_600
  if (code === 'MCP_METHOD_NOT_ALLOWED') return -32_601
  if (code === 'MCP_TOOL_ARGS_INVALID' || code === 'SCHEMA_VIOLATION') return -32_602
  // -32001 is also what the SDK's own server answers for an unknown session ("Session not found").
  if (code.startsWith('AUTH_') || code.startsWith('TOKEN_') || code === 'MCP_SESSION_FORBIDDEN') return -32_001
  if (DENIAL_CODES[code].status === 429) return -32_002
  return -32_003
}

function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, '\\$&')}"`
}

function resourceMetadataUrl(requestUrl: string): string {
  return new URL('/.well-known/oauth-protected-resource', requestUrl).href
}

/** RFC 6750 §3 challenge for `challenge`; `scope` only for insufficient_scope (§3). */
export function authenticateHeader(challenge: Challenge, requestUrl: string, scope?: string): string {
  if (challenge === 'admin') return 'Bearer realm="tollgate-admin"'
  const meta = `resource_metadata=${quote(resourceMetadataUrl(requestUrl))}`
  if (challenge === 'bearer') return `Bearer realm="tollgate", ${meta}`
  const scopeParam = challenge === 'insufficient_scope' ? `, scope=${quote(scope ?? '')}` : ''
  return `Bearer realm="tollgate", error="${challenge}"${scopeParam}, ${meta}`
}

export function renderDenial(c: Context<GatewayEnv>, denial: Denial): Response {
  const { status, title, challenge } = codeSpec(denial.code)
  const detail = DENIAL_DETAILS[denial.code]
  // The agent's RateLimit fields and X-Request-Id are stamped by the context stage on every answer.
  const headers = new Headers({ 'cache-control': 'no-store' })
  if (challenge) headers.set('www-authenticate', authenticateHeader(challenge, c.get('url')?.href ?? c.req.url, String(denial.extensions?.['scope'] ?? '')))
  if (denial.retryAfterSeconds !== undefined) headers.set('retry-after', String(Math.max(1, Math.ceil(denial.retryAfterSeconds))))
  const requestId = c.get('requestId')
  const rpc = c.get('rpc')
  if (rpc) {
    headers.set('content-type', 'application/json')
    const body = {
      jsonrpc: '2.0',
      id: rpc.id,
      error: { code: rpcCode(denial.code), message: title, data: { code: denial.code, status, type: problemType(denial.code), detail, request_id: requestId, ...denial.extensions } },
    }
    return new Response(JSON.stringify(body), { status: TOOL_LEVEL.has(denial.code) ? 200 : status, headers })
  }
  headers.set('content-type', 'application/problem+json')
  const problem = { type: problemType(denial.code), title, status, detail, code: denial.code, request_id: requestId, ...denial.extensions }
  return new Response(JSON.stringify(problem), { status, headers })
}
