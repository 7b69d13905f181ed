/**
 * @module Streamable HTTP transport checks: TLS, browser Origin (DNS rebinding), MCP headers. Pure.
 *
 * MCP spec 2025-11-25 §Transports "Security Warning": servers MUST validate Origin to prevent DNS
 * rebinding. A rebinding page's Origin equals the Host it rebinds, so "same origin" proves nothing:
 * only origins the operator listed pass, and a request without Origin (a non-browser agent) passes.
 */
import { decodeBase64Utf8 } from '../input/text'
import type { RpcMessage } from './jsonrpc'
import { paramsObject } from './jsonrpc'

export type Check = { readonly ok: true } | { readonly ok: false; readonly code: 'TLS_REQUIRED' | 'ORIGIN_NOT_ALLOWED' | 'MCP_MALFORMED' | 'MCP_HEADER_MISMATCH'; readonly reason: string }

const OK: Check = { ok: true }

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Plain http is refused unless TLS is not required, or the operator allows insecure dev on loopback. */
export function checkTls(url: URL, requireTls: boolean, devAllowInsecure: boolean): Check {
  if (!requireTls || url.protocol === 'https:') return OK
  if (devAllowInsecure && (LOOPBACK.has(url.hostname) || url.hostname.endsWith('.localhost'))) return OK
  return { ok: false, code: 'TLS_REQUIRED', reason: `plain_http_${url.hostname === '' ? 'nohost' : 'host'}` }
}

export function checkOrigin(origin: string | null, allowed: readonly string[]): Check {
  if (origin === null) return OK
  if (allowed.includes(origin)) return OK
  return { ok: false, code: 'ORIGIN_NOT_ALLOWED', reason: origin === 'null' ? 'opaque_origin' : 'origin_not_listed' }
}

/** `MCP-Protocol-Version` is a date (spec §Protocol Version Header); the origin judges support. */
const PROTOCOL_VERSION = /^\d{4}-\d{2}-\d{2}$/
/** `Mcp-Session-Id`: visible ASCII only (spec §Session Management). */
const SESSION_ID = /^[\x21-\x7e]{1,256}$/

export const isSessionId = (v: string): boolean => SESSION_ID.test(v)

export function checkHeaders(headers: Headers): Check {
  const version = headers.get('mcp-protocol-version')
  if (version !== null && !PROTOCOL_VERSION.test(version)) return { ok: false, code: 'MCP_MALFORMED', reason: 'protocol_version_header' }
  const session = headers.get('mcp-session-id')
  if (session !== null && !SESSION_ID.test(session)) return { ok: false, code: 'MCP_MALFORMED', reason: 'session_id_header' }
  return OK
}

/**
 * SEP-2243 header values: plain printable ASCII, or `=?base64?…?=` for anything else.
 * Returns undefined for a value that cannot be decoded (treated as a mismatch).
 */
export function decodeHeaderValue(v: string): string | undefined {
  const m = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/.exec(v)
  if (!m) return v
  return decodeBase64Utf8(m[1]!)
}

/** The name a message targets, as SEP-2243 `Mcp-Name` carries it: tool or prompt name, resource URI. */
export function targetName(m: RpcMessage): string | undefined {
  if (m.kind === 'response') return undefined
  const p = paramsObject(m)
  if (m.method === 'tools/call' || m.method === 'prompts/get') return typeof p['name'] === 'string' ? p['name'] : undefined
  if (m.method === 'resources/read') return typeof p['uri'] === 'string' ? p['uri'] : undefined
  return undefined
}

/**
 * Routing headers (SEP-2243 `Mcp-Method` / `Mcp-Name`, and the older `Mcp-Tool-Name`) must agree
 * with the body, which is what Tollgate decides on: a middlebox that routes on the header must not
 * be steered to a different tool than the one the origin will run. Every message must agree.
 */
export function checkHeaderMismatch(headers: Headers, messages: readonly RpcMessage[]): Check {
  const method = headers.get('mcp-method')
  const name = headers.get('mcp-name') ?? headers.get('mcp-tool-name')
  if (method === null && name === null) return OK
  const wantName = name === null ? undefined : decodeHeaderValue(name)
  if (name !== null && wantName === undefined) return { ok: false, code: 'MCP_HEADER_MISMATCH', reason: 'name_header_undecodable' }
  for (const m of messages) {
    if (m.kind === 'response') continue
    if (method !== null && method !== m.method) return { ok: false, code: 'MCP_HEADER_MISMATCH', reason: 'method_header' }
    if (wantName !== undefined && wantName !== targetName(m)) return { ok: false, code: 'MCP_HEADER_MISMATCH', reason: 'name_header' }
  }
  return OK
}
