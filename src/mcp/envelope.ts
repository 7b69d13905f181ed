/**
 * @module JSON-RPC messages from the origin, read as the MCP SDK client reads them. Pure.
 *
 * Mirrors `JSONRPCMessageSchema` of @modelcontextprotocol/sdk 1.32.2 (types.js): a strict union of
 * request, notification, result response and error response; ids are strings or integers; `params`
 * and `result` are objects; an error response may lack its id. Anything else is not a message the
 * client would act on, and Tollgate refuses it instead of passing it on unread. A message is
 * re-serialised from what was read here (`toWire`), so what was screened is what the client gets.
 */
import type { RpcId } from './jsonrpc'

export type Json = Record<string, unknown>
export type RpcError = { readonly code: number; readonly message: string; readonly data?: unknown }

export type OriginMessage =
  | { readonly kind: 'result'; readonly id: RpcId; readonly result: Json }
  | { readonly kind: 'error'; readonly id: RpcId | undefined; readonly error: RpcError }
  | { readonly kind: 'request'; readonly id: RpcId; readonly method: string; readonly params: Json | undefined }
  | { readonly kind: 'notification'; readonly method: string; readonly params: Json | undefined }

export const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const isId = (v: unknown): v is RpcId => typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v))
/** `_meta`, where present, must be an object (the SDK's RequestMetaSchema). */
const metaOk = (o: Json | undefined) => o === undefined || o['_meta'] === undefined || isJson(o['_meta'])
const only = (o: Json, keys: readonly string[]) => Object.keys(o).every((k) => keys.includes(k))

/** The message, or a reason it is not one the client would accept. */
export function readOriginMessage(raw: unknown): { ok: true; message: OriginMessage } | { ok: false; reason: string } {
  if (!isJson(raw) || raw['jsonrpc'] !== '2.0') return { ok: false, reason: 'not_jsonrpc' }
  if ('method' in raw) {
    const { method, params, id } = raw
    if (typeof method !== 'string') return { ok: false, reason: 'method' }
    if (params !== undefined && !isJson(params)) return { ok: false, reason: 'params' }
    if (!metaOk(params)) return { ok: false, reason: 'params_meta' }
    if ('id' in raw) {
      if (!only(raw, ['jsonrpc', 'id', 'method', 'params']) || !isId(id)) return { ok: false, reason: 'request_shape' }
      return { ok: true, message: { kind: 'request', id, method, params } }
    }
    if (!only(raw, ['jsonrpc', 'method', 'params'])) return { ok: false, reason: 'notification_shape' }
    return { ok: true, message: { kind: 'notification', method, params } }
  }
  if ('result' in raw) {
    const { id, result } = raw
    if (!only(raw, ['jsonrpc', 'id', 'result']) || !isId(id) || !isJson(result) || !metaOk(result)) return { ok: false, reason: 'result_shape' }
    return { ok: true, message: { kind: 'result', id, result } }
  }
  if ('error' in raw) {
    const { id, error } = raw
    if (!only(raw, ['jsonrpc', 'id', 'error']) || (id !== undefined && !isId(id)) || !isJson(error)) return { ok: false, reason: 'error_shape' }
    const { code, message, data } = error
    if (typeof code !== 'number' || !Number.isSafeInteger(code) || typeof message !== 'string') return { ok: false, reason: 'error_object' }
    return { ok: true, message: { kind: 'error', id: id as RpcId | undefined, error: { code, message, ...(data !== undefined ? { data } : {}) } } }
  }
  return { ok: false, reason: 'unknown_shape' }
}

/** The message as JSON-RPC, members in a fixed order; only what was read is written. */
export function toWire(m: OriginMessage): Json {
  switch (m.kind) {
    case 'result':
      return { jsonrpc: '2.0', id: m.id, result: m.result }
    case 'error':
      return { jsonrpc: '2.0', ...(m.id !== undefined ? { id: m.id } : {}), error: m.error }
    case 'request':
      return { jsonrpc: '2.0', id: m.id, method: m.method, ...(m.params !== undefined ? { params: m.params } : {}) }
    case 'notification':
      return { jsonrpc: '2.0', method: m.method, ...(m.params !== undefined ? { params: m.params } : {}) }
  }
}
