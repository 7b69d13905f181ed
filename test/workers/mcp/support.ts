/** @module MCP test helpers: the SDK's real Client through the edge, raw JSON-RPC posts, and origin checks. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { McpError, type ClientCapabilities } from '@modelcontextprotocol/sdk/types.js'
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker'
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { expect } from 'vitest'
import worker from '../../../src/index'
import { requestId } from '../../support/http'

export type Edge = (request: Request) => Promise<Response>
export const edge: Edge = (r) => exports.default.fetch(r)

export type Connected = {
  client: Client
  /** Request ids sent by this client, newest last (the origin records the ids it sees). */
  sent: string[]
  /** Responses seen by this client's fetch, in the order they arrived. */
  responses: Response[]
  /** Request id → the response to it (concurrent calls finish out of order). */
  byId: Map<string, Response>
  /** The newest POST (the SDK's background GET stream may answer after it). */
  lastPost(): { requestId: string; response: Response }
}

export type ConnectOptions = {
  query?: string
  sessionId?: string
  via?: Edge
  headers?: Record<string, string>
  path?: string
  /** Client capabilities (sampling, elicitation, roots) and handlers registered before connecting. */
  capabilities?: ClientCapabilities
  setup?: (client: Client) => void
}

/** Connects the SDK Client (Streamable HTTP) to the edge's /mcp with a bearer token. */
export async function connect(token: string, o: ConnectOptions = {}): Promise<Connected> {
  const sent: string[] = []
  const responses: Response[] = []
  const byId = new Map<string, Response>()
  const posts: { requestId: string; response: Response }[] = []
  const via = o.via ?? edge
  const transport = new StreamableHTTPClientTransport(new URL(`https://edge.test${o.path ?? '/mcp'}${o.query ?? ''}`), {
    fetch: async (u, init) => {
      const id = requestId()
      sent.push(id)
      const headers = new Headers(init?.headers)
      headers.set('x-request-id', id)
      const res = await via(new Request(u, { ...init, headers }))
      responses.push(res.clone())
      byId.set(id, res.clone())
      if ((init?.method ?? 'GET') === 'POST') posts.push({ requestId: id, response: res.clone() })
      return res
    },
    requestInit: { headers: { authorization: `Bearer ${token}`, ...o.headers } },
    ...(o.sessionId ? { sessionId: o.sessionId } : {}),
  })
  const client = new Client({ name: 'tollgate-test-agent', version: '1.0.0' }, { jsonSchemaValidator: new CfWorkerJsonSchemaValidator(), ...(o.capabilities ? { capabilities: o.capabilities } : {}) })
  o.setup?.(client)
  await client.connect(transport)
  return { client, sent, responses, byId, lastPost: () => posts[posts.length - 1]! }
}

/** Expects a JSON-RPC error (McpError) whose data carries the stable code. */
export async function expectRpcError(p: Promise<unknown>, code: string): Promise<McpError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error, `expected ${code}`).toBeInstanceOf(McpError)
  const data = (error as McpError).data as { code?: string } | undefined
  expect(data?.code).toBe(code)
  return error as McpError
}

export type RpcAnswer = { status: number; headers: Headers; body: any; text: string; requestId: string }

/** POSTs raw JSON-RPC (text or value) to the edge's /mcp with the headers an MCP client sends. */
export async function post(token: string | undefined, body: unknown, o: { headers?: Record<string, string>; url?: string; via?: Edge; method?: string } = {}): Promise<RpcAnswer> {
  const id = requestId()
  const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-request-id': id, ...o.headers })
  if (token) headers.set('authorization', `Bearer ${token}`)
  const init: RequestInit = { method: o.method ?? 'POST', headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) }
  const res = await (o.via ?? edge)(new Request(o.url ?? 'https://edge.test/mcp?json=1', init))
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    /* SSE or empty */
  }
  return { status: res.status, headers: res.headers, body: parsed, text, requestId: id }
}

export const call = (id: number | string, name: string, args: unknown) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } })
export const list = (id: number | string) => ({ jsonrpc: '2.0', id, method: 'tools/list', params: {} })

/** Origin seen-ness of a request id, read through the ORIGIN binding (never through the edge). */
export { originSaw } from '../../support/http'

/** An edge running with extra bindings (one config per call of withEnv), for limits tests need lowered. */
export function withEnv(overrides: Record<string, unknown>): Edge {
  const patched = { ...env, ...overrides }
  return async (r) => {
    const ctx = createExecutionContext()
    const res = await worker.fetch(r as Request<unknown, IncomingRequestCfProperties>, patched as never, ctx)
    // Let waitUntil work (slot releases, records) run in the background like the real runtime does.
    void waitOnExecutionContext(ctx)
    return res
  }
}

/** Expects a successful tool result (no isError) whose first text content matches `text`: the origin's own answer. */
export async function expectToolText(p: Promise<unknown>, text: RegExp): Promise<void> {
  const result = (await p) as { isError?: boolean; content?: Array<{ type: string; text?: string }> }
  expect(result.isError ?? false).toBe(false)
  expect(result.content?.[0]).toMatchObject({ type: 'text', text: expect.stringMatching(text) })
}
