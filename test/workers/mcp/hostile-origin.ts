/**
 * @module A hostile MCP origin for the workers tests (an auxiliary worker, bound as HOSTILE).
 *
 * It answers each JSON-RPC method with whatever the test scripted for it, byte for byte (raw SSE
 * framings, odd ids, poisoned fields), and otherwise behaves as a small MCP server offering one
 * tool, `lookup`. Tests script it and read what reached it through the HOSTILE binding:
 * - `POST /__script/<key>` with `{ replies: { "<method>|GET|DELETE": Reply }, session?: true }`;
 * - requests carry `?s=<key>` (the edge forwards the query string); `<key>` names the script;
 * - `GET /__received/<key>` lists what arrived (method, query, headers, body);
 * - `GET /__seen/<x-request-id>` says whether a request reached it at all.
 * A reply body may contain `{{id}}` (the request's JSON-RPC id, as JSON), `{{next}}` (that id + 1)
 * and `{{id:<spelling>}}` (a JSON string with `#` replaced by the id, e.g. `{{id:0#}}` → `"07"`); a
 * chunk `{{sleep:N}}` pauses the stream N ms.
 */
type Reply = { status?: number; headers?: Record<string, string>; body?: string; chunks?: string[] }
type Script = { replies: Record<string, Reply>; session?: boolean }
type Received = { method: string; query: string; headers: Record<string, string>; body: string }

const scripts = new Map<string, Script>()
const received = new Map<string, Received[]>()
const seen = new Set<string>()

const TOOLS = [{ name: 'lookup', description: 'Look up one record by key.', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }]

const json = (v: unknown, init: ResponseInit = {}) => new Response(JSON.stringify(v), { ...init, headers: { 'content-type': 'application/json', ...init.headers } })

function defaultAnswer(method: string, id: unknown, params: Record<string, unknown>): unknown {
  if (method === 'initialize') return { protocolVersion: params['protocolVersion'] ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'hostile', version: '1' } }
  if (method === 'tools/list') return { tools: TOOLS }
  if (method === 'tools/call') return { content: [{ type: 'text', text: `ok ${String(id)}` }] }
  return {}
}

function scripted(reply: Reply, id: unknown, session: string | undefined): Response {
  const fill = (s: string) =>
    s
      .replaceAll('{{id}}', JSON.stringify(id ?? null))
      .replaceAll('{{next}}', JSON.stringify(typeof id === 'number' ? id + 1 : null))
      .replace(/\{\{id:([^}]*)\}\}/g, (_, spelling: string) => JSON.stringify(spelling.replaceAll('#', String(id))))
  const headers = { 'content-type': 'application/json', ...(session ? { 'mcp-session-id': session } : {}), ...reply.headers }
  if (reply.chunks) {
    const enc = new TextEncoder()
    const chunks = reply.chunks.map(fill)
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        for (const ch of chunks) {
          const sleep = /^\{\{sleep:(\d+)\}\}$/.exec(ch)
          if (!sleep) c.enqueue(enc.encode(ch))
          await new Promise((r) => setTimeout(r, sleep ? Number(sleep[1]) : 1))
        }
        c.close()
      },
    })
    return new Response(body, { status: reply.status ?? 200, headers })
  }
  return new Response(reply.body === undefined ? null : fill(reply.body), { status: reply.status ?? 200, headers })
}

async function mcp(req: Request, url: URL): Promise<Response> {
  const key = url.searchParams.get('s') ?? ''
  const body = req.method === 'POST' || req.body ? await req.text() : ''
  const log = received.get(key) ?? []
  log.push({ method: req.method, query: url.search, headers: Object.fromEntries(req.headers), body })
  received.set(key, log)
  const script = scripts.get(key) ?? { replies: {} }
  if (req.method !== 'POST') {
    const reply = script.replies[req.method]
    return reply ? scripted(reply, null, undefined) : new Response(null, { status: req.method === 'DELETE' ? 200 : 405 })
  }
  let message: { id?: unknown; method?: string; params?: Record<string, unknown> } = {}
  try {
    const parsed = JSON.parse(body) as unknown
    message = (Array.isArray(parsed) ? parsed[0] : parsed) ?? {}
  } catch {
    return json({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }, { status: 400 })
  }
  const method = message.method ?? 'response'
  const session = script.session && method === 'initialize' ? `hostile-${crypto.randomUUID()}` : undefined
  const reply = script.replies[method]
  if (reply) return scripted(reply, message.id, session)
  if (!('id' in message) || message.method === undefined) return new Response(null, { status: 202 })
  return json({ jsonrpc: '2.0', id: message.id, result: defaultAnswer(method, message.id, message.params ?? {}) }, { headers: session ? { 'mcp-session-id': session } : {} })
}

export default {
  async fetch(req: Request): Promise<Response> {
    const url = new URL(req.url)
    const [, hook, arg = ''] = url.pathname.split('/')
    if (hook === '__script') {
      scripts.set(arg, (await req.json()) as Script)
      received.delete(arg)
      return json({ ok: true })
    }
    if (hook === '__received') return json(received.get(arg) ?? [])
    if (hook === '__seen') return json({ seen: seen.has(arg) })
    const id = req.headers.get('x-request-id')
    if (id) seen.add(id)
    return mcp(req, url)
  },
}
