/**
 * @module DLP for one MCP message from the server (a tools/call result or error), as parsed. Pure.
 *
 * Whatever a model will read is walked: content items (text, resource text, links), structured
 * content, and an error's message and data (stack traces leak connection strings). Redaction keeps
 * the message's shape and adds `_meta["dev.tollgate/dlp"]` with the counts; a `block` finding, or a
 * result too deep to walk under an `unscanned = "block"` policy, turns the message into a JSON-RPC
 * error on the same id. The response path (src/mcp) calls this per message, on JSON bodies and on
 * each SSE event alike.
 */
import { DENIAL_CODES, problemType, type DenialCode } from '../errors/codes'
import type { DlpPolicy } from './policy'
import { newTally } from './scan'
import type { Tally } from './types'
import { redactValue, TooDeep } from './value'

export const DLP_META_KEY = 'dev.tollgate/dlp'

type Message = Record<string, unknown>

export type McpDlpResult = {
  /** The message to forward: the same object when nothing changed. */
  readonly message: Message
  readonly tally: Tally
  /** Set when the message could not be walked (too deep). */
  readonly unscanned?: string
}

const isObject = (v: unknown): v is Message => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The JSON-RPC `error` member for a withheld result; the same shape the renderer gives denials. */
export function dlpRpcError(code: DenialCode, requestId: string, retryAfterSeconds?: number): Message {
  const { status, title } = DENIAL_CODES[code]
  const data = { code, status, type: problemType(code), request_id: requestId, ...(retryAfterSeconds !== undefined ? { retry_after: retryAfterSeconds } : {}) }
  return { code: status === 429 ? -32_002 : -32_003, message: title, data }
}

export function applyDlpToMessage(message: Message, policy: DlpPolicy, requestId: string): McpDlpResult {
  const tally = newTally()
  const member = 'result' in message ? 'result' : 'error' in message ? 'error' : undefined
  if (member === undefined) return { message, tally }
  const withheld = (code: 'DLP_BLOCKED' | 'DLP_UNSCANNABLE') => ({ jsonrpc: '2.0', id: message['id'] ?? null, error: dlpRpcError(code, requestId) })
  let next: unknown
  try {
    next = redactValue(message[member], policy, tally)
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error
    return { message: policy.unscanned === 'block' ? withheld('DLP_UNSCANNABLE') : message, tally, unscanned: 'too_deep' }
  }
  if (tally.worst === 'block') return { message: withheld('DLP_BLOCKED'), tally }
  if (next === message[member]) return { message, tally }
  if (member === 'result' && isObject(next)) {
    const meta = isObject(next['_meta']) ? next['_meta'] : {}
    next = { ...next, _meta: { ...meta, [DLP_META_KEY]: { redacted: { ...tally.redacted } } } }
  }
  return { message: { ...message, [member]: next }, tally }
}
