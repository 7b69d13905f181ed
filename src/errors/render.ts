/**
 * @module The one renderer: a Denial becomes RFC 9457 problem+json, or a JSON-RPC error for MCP.
 *
 * Headers owed by the spec are added here only: WWW-Authenticate (RFC 6750 §3, RFC 9728 §5.1),
 * Retry-After (RFC 9110 §10.2.3), Cache-Control: no-store. `reason` never leaves this process.
 */
import type { Context } from 'hono'
import { DENIAL_CODES, problemType, type DenialCode } from './codes'
import type { Denial } from './denial'
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

function authenticateHeader(c: Context<GatewayEnv>, denial: Denial): string | undefined {
  const status = DENIAL_CODES[denial.code].status
  if (denial.code === 'ADMIN_UNAUTHORIZED') return 'Bearer realm="tollgate-admin"'
  if (status !== 401 && denial.code !== 'INSUFFICIENT_SCOPE') return undefined
  const meta = `resource_metadata=${quote(resourceMetadataUrl(c.get('url')?.href ?? c.req.url))}`
  if (denial.code === 'INSUFFICIENT_SCOPE') {
    const scope = String(denial.extensions?.['scope'] ?? '')
    return `Bearer realm="tollgate", error="insufficient_scope", scope=${quote(scope)}, ${meta}`
  }
  if (denial.code === 'AUTH_MALFORMED' || denial.code === 'TOKEN_IN_QUERY') return `Bearer realm="tollgate", error="invalid_request", ${meta}`
  // RFC 6750 §3.1: no error code when the request carried no credentials at all.
  if (!c.get('tokenPresented')) return `Bearer realm="tollgate", ${meta}`
  return `Bearer realm="tollgate", error="invalid_token", ${meta}`
}

export function renderDenial(c: Context<GatewayEnv>, denial: Denial): Response {
  c.set('denial', denial)
  const { status, title } = DENIAL_CODES[denial.code]
  // The agent's RateLimit fields and X-Request-Id are stamped by the context stage on every answer.
  const headers = new Headers({ 'cache-control': 'no-store' })
  const www = authenticateHeader(c, denial)
  if (www) headers.set('www-authenticate', www)
  if (denial.retryAfterSeconds !== undefined) headers.set('retry-after', String(Math.max(1, Math.ceil(denial.retryAfterSeconds))))
  const requestId = c.get('requestId')
  const rpc = c.get('rpc')
  if (rpc) {
    headers.set('content-type', 'application/json')
    const body = {
      jsonrpc: '2.0',
      id: rpc.id,
      error: { code: rpcCode(denial.code), message: title, data: { code: denial.code, status, type: problemType(denial.code), request_id: requestId, ...denial.extensions } },
    }
    return new Response(JSON.stringify(body), { status: TOOL_LEVEL.has(denial.code) ? 200 : status, headers })
  }
  headers.set('content-type', 'application/problem+json')
  const problem = { type: problemType(denial.code), title, status, detail: title, code: denial.code, request_id: requestId, ...denial.extensions }
  return new Response(JSON.stringify(problem), { status, headers })
}
