/**
 * @module JSON-RPC 2.0 envelope parsing for MCP Streamable HTTP POST bodies (single or batch). Pure.
 *
 * Only the envelope is checked here (JSON-RPC 2.0 §4–§6); what a method may do is policy
 * (policy.ts). Every message of a batch is classified, so no message slips past inspection.
 */
import { parseJson, type JsonLimits } from '../input/json'
import { INPUT_REASONS } from '../input/reasons'

export type RpcId = string | number

/** `raw` is the message as parsed: every string of it reaches the origin, so all of it is screened. */
type Raw = { readonly raw: Record<string, unknown> }
export type RpcRequest = Raw & { readonly kind: 'request'; readonly id: RpcId; readonly method: string; readonly params?: Record<string, unknown> | unknown[] }
export type RpcNotification = Raw & { readonly kind: 'notification'; readonly method: string; readonly params?: Record<string, unknown> | unknown[] }
/** A client's answer to a server-initiated request (sampling, elicitation, roots). */
export type RpcResponse = Raw & { readonly kind: 'response'; readonly id: RpcId | null }
export type RpcMessage = RpcRequest | RpcNotification | RpcResponse

export type Parsed =
  | { readonly ok: true; readonly batch: boolean; readonly messages: readonly RpcMessage[] }
  | {
      readonly ok: false
      readonly code: 'MALFORMED_JSON' | 'JSON_TOO_COMPLEX' | 'MCP_MALFORMED' | 'MCP_BATCH_TOO_LARGE'
      readonly reason: string
      /** The id of the offending request, when one could be read, so the error answers on it. */
      readonly id: RpcId | null
    }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
/** JSON-RPC §4: ids are strings or numbers; fractional numbers SHOULD NOT be used, so refuse them. */
const isId = (v: unknown): v is RpcId => (typeof v === 'string' && v.length <= 256) || (typeof v === 'number' && Number.isSafeInteger(v))

type One = { ok: true; message: RpcMessage } | { ok: false; reason: string; id: RpcId | null }

export function classify(raw: unknown): One {
  if (!isObject(raw)) return { ok: false, reason: 'message_not_object', id: null }
  const id = isId(raw['id']) ? raw['id'] : null
  if (raw['jsonrpc'] !== '2.0') return { ok: false, reason: 'jsonrpc_not_2.0', id }
  const params = raw['params']
  if (params !== undefined && typeof params !== 'object') return { ok: false, reason: 'params_not_structured', id }
  if (params === null) return { ok: false, reason: 'params_null', id }
  if ('method' in raw) {
    const method = raw['method']
    if (typeof method !== 'string' || method.length === 0 || method.length > 128) return { ok: false, reason: 'method_invalid', id }
    if ('result' in raw || 'error' in raw) return { ok: false, reason: 'request_with_result', id }
    if (!('id' in raw)) return { ok: true, message: { kind: 'notification', raw, method, ...(params !== undefined ? { params: params as Record<string, unknown> } : {}) } }
    if (id === null) return { ok: false, reason: 'id_invalid', id: null }
    return { ok: true, message: { kind: 'request', raw, id, method, ...(params !== undefined ? { params: params as Record<string, unknown> } : {}) } }
  }
  const hasResult = 'result' in raw
  const hasError = 'error' in raw
  if (hasResult === hasError) return { ok: false, reason: 'response_needs_result_xor_error', id }
  if (raw['id'] !== null && id === null) return { ok: false, reason: 'id_invalid', id: null }
  return { ok: true, message: { kind: 'response', raw, id } }
}

/**
 * Parses a POST body. The shape pre-scan runs before JSON.parse, so depth and key bombs cost one
 * linear pass. A batch (JSON-RPC §6) must be non-empty and at most `maxBatch` long.
 */
export function parseMessages(text: string, maxBatch: number, limits: JsonLimits): Parsed {
  // Strict JSON (input/json.ts): limits, and no duplicate names (RFC 8259 §4), so
  // `"name":"allowed","name":"forbidden"` never passes policy on one copy and runs the other.
  const json = parseJson(text, limits)
  if (!json.ok) return { ok: false, code: INPUT_REASONS[json.reason], reason: json.reason, id: null }
  const raw = json.value
  const batch = Array.isArray(raw)
  const items = batch ? (raw as unknown[]) : [raw]
  if (batch && items.length === 0) return { ok: false, code: 'MCP_MALFORMED', reason: 'empty_batch', id: null }
  if (items.length > maxBatch) return { ok: false, code: 'MCP_BATCH_TOO_LARGE', reason: `batch_${items.length}_over_${maxBatch}`, id: null }
  const messages: RpcMessage[] = []
  const ids = new Set<string>()
  for (const item of items) {
    const one = classify(item)
    if (!one.ok) return { ok: false, code: 'MCP_MALFORMED', reason: one.reason, id: one.id }
    if (one.message.kind === 'request') {
      // Duplicate ids in one batch would make answers ambiguous (and our result mapping unsound).
      const key = idKey(one.message.id)
      if (ids.has(key)) return { ok: false, code: 'MCP_MALFORMED', reason: 'duplicate_id', id: one.message.id }
      ids.add(key)
    }
    messages.push(one.message)
  }
  return { ok: true, batch, messages }
}

/** A map key that keeps 1 and "1" apart. */
export const idKey = (id: RpcId | null): string => JSON.stringify(id)

/** `params` as an object, or an empty one (tools/call params are by-name per the MCP schema). */
export function paramsObject(m: RpcRequest | RpcNotification): Record<string, unknown> {
  return isObject(m.params) ? m.params : {}
}
