/**
 * @module JSON-RPC id matching as the MCP SDK client matches answers to its requests. Pure.
 *
 * `Protocol._onresponse` (@modelcontextprotocol/sdk 1.32.2, shared/protocol.js) looks an answer up
 * with `Number(response.id)` among the client's outstanding numeric ids, so `"1"`, `"01"`, `"1.0"`,
 * `" 1 "`, `"0x1"` and `"1e0"` all answer request 1 and `""` answers request 0. A client that
 * compares ids exactly (JSON-RPC 2.0 §5) matches a subset of that. Tollgate therefore keys ids by
 * the union: a numeric spelling keys by its number, any other string by itself.
 */
import type { RpcId } from './jsonrpc'

/**
 * The key under which any client could match `id`, or undefined for a value no client accepts as
 * an id (the SDK's envelope schema takes only strings and integers).
 */
export function matchKey(id: unknown): string | undefined {
  if (typeof id === 'number') return Number.isSafeInteger(id) ? `n:${id === 0 ? 0 : id}` : undefined
  if (typeof id !== 'string') return undefined
  const n = Number(id)
  return Number.isNaN(n) ? `s:${id}` : `n:${n === 0 ? 0 : n}`
}

/** Whether two request ids of one batch could be confused by a client matching its answers. */
export function ambiguousIds(ids: readonly RpcId[]): RpcId | undefined {
  const seen = new Set<string>()
  for (const id of ids) {
    const key = matchKey(id)
    if (key === undefined || seen.has(key)) return id
    seen.add(key)
  }
  return undefined
}
