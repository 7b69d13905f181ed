/**
 * @module The gateway's own look at the origin's tools: an observation no agent can influence.
 *
 * Pins are learned and rug pulls detected from what the origin tells the gateway itself, not from
 * an agent's answer, which the agent may have steered (its query string, headers, session and
 * params reach the origin). The probe opens its own session (initialize, notifications/initialized),
 * lists every page of tools/list and closes the session, with nothing of any agent's request in it.
 * I/O goes through the `send` function the caller builds (the same origin, path and forwarding
 * headers as agent traffic); answers are read as the client reads them (sse.ts for SSE).
 */
import { mediaType } from '../input/media-type'
import { readBounded } from '../input/read'
import { isJson, type Json } from './envelope'
import { transformSse } from './sse'

/** One POST (or a DELETE with `body` undefined) to the origin's MCP endpoint. */
export type ProbeSend = (method: 'POST' | 'DELETE', body: Json | undefined, headers: Record<string, string>) => Promise<Response>

export const PROBE_PROTOCOL_VERSION = '2025-06-18'
const MAX_PAGES = 10

/** The answer to request `id` in a JSON or SSE body, or undefined. Reads no further than needed. */
async function answerOf(res: Response, id: number, maxBytes: number): Promise<Json | undefined> {
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => {})
    return undefined
  }
  const isAnswer = (m: unknown): m is Json => isJson(m) && m['id'] === id && ('result' in m || 'error' in m)
  if (mediaType(res.headers.get('content-type')).type === 'text/event-stream') {
    let found: Json | undefined
    const none = () => []
    const data = async (d: string) => {
      const m = safeParse(d)
      if (isAnswer(m)) found ??= m
      return []
    }
    const reader = transformSse(res.body, { data, tooLarge: none, end: none }, maxBytes).getReader()
    while (found === undefined && !(await reader.read()).done);
    await reader.cancel().catch(() => {})
    return found
  }
  const read = await readBounded(res.body, maxBytes)
  if (!read.ok) return undefined
  const payload = safeParse(new TextDecoder().decode(read.bytes))
  return (Array.isArray(payload) ? payload : [payload]).find(isAnswer)
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Every tool the origin lists to the gateway, or undefined when it could not be listed. */
export async function probeTools(send: ProbeSend, maxBytes: number): Promise<Json[] | undefined> {
  const base = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }
  const init = await send('POST', { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: PROBE_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'tollgate-pin-probe', version: '1' } } }, base)
  const session = init.headers.get('mcp-session-id')
  const hello = await answerOf(init, 0, maxBytes)
  const result = hello?.['result']
  if (!isJson(result)) return undefined
  const version = typeof result['protocolVersion'] === 'string' ? result['protocolVersion'] : PROBE_PROTOCOL_VERSION
  const headers = { ...base, 'mcp-protocol-version': version, ...(session ? { 'mcp-session-id': session } : {}) }
  try {
    const ack = await send('POST', { jsonrpc: '2.0', method: 'notifications/initialized' }, headers)
    await ack.body?.cancel().catch(() => {})
    const tools: Json[] = []
    let cursor: string | undefined
    for (let page = 1; page <= MAX_PAGES; page++) {
      const listed = await answerOf(await send('POST', { jsonrpc: '2.0', id: page, method: 'tools/list', params: cursor ? { cursor } : {} }, headers), page, maxBytes)
      const list = listed?.['result']
      if (!isJson(list) || !Array.isArray(list['tools'])) return undefined
      tools.push(...list['tools'].filter(isJson))
      cursor = typeof list['nextCursor'] === 'string' ? list['nextCursor'] : undefined
      if (!cursor) return tools
    }
    return tools
  } finally {
    if (session) await send('DELETE', undefined, headers).then((r) => r.body?.cancel(), () => {}).catch(() => {})
  }
}
