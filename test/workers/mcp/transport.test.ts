/** @module Streamable HTTP transport at the edge: JSON-RPC errors, batches, allow-list, headers, Origin, TLS, GET/DELETE. */
import { describe, expect, it } from 'vitest'
import { requestId, send } from '../../support/http'
import { mintToken } from '../../support/tokens'
import { call, list, originSaw, post, withEnv } from './support'

const ALL = ['search:execute', 'orders:read', 'notifications:send']
const token = () => mintToken({ scopes: ALL, tier: 'premium' })

describe('JSON-RPC errors at the HTTP level (auth, parse, size)', () => {
  it('401 without a token: JSON-RPC body, WWW-Authenticate with resource metadata, origin not called', async () => {
    const r = await post(undefined, call(1, 'search_products', { query: 'x' }))
    expect(r.status).toBe(401)
    expect(r.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32001, data: { code: 'AUTH_MISSING' } } })
    expect(r.headers.get('www-authenticate')).toContain('resource_metadata=')
    expect(await originSaw(r.requestId)).toBe(false)
  })

  it.each([
    { name: 'not JSON', body: '{"jsonrpc": "2.0", "id": 1,', status: 400, rpc: -32700, code: 'MALFORMED_JSON', id: null },
    { name: 'wrong jsonrpc version', body: { jsonrpc: '1.0', id: 7, method: 'ping' }, status: 400, rpc: -32600, code: 'MCP_MALFORMED', id: 7 },
    { name: 'request with a fractional id', body: { jsonrpc: '2.0', id: 1.5, method: 'ping' }, status: 400, rpc: -32600, code: 'MCP_MALFORMED', id: null },
    { name: 'empty batch', body: [], status: 400, rpc: -32600, code: 'MCP_MALFORMED', id: null },
    { name: 'batch over MCP_MAX_BATCH', body: Array.from({ length: 11 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'ping' })), status: 413, rpc: -32600, code: 'MCP_BATCH_TOO_LARGE', id: null },
    { name: 'duplicate ids in a batch', body: [list(1), list(1)], status: 400, rpc: -32600, code: 'MCP_MALFORMED', id: 1 },
    { name: 'body over MCP_MAX_INPUT_BYTES', body: call(2, 'search_products', { query: 'x'.repeat(70_000) }), status: 413, rpc: -32003, code: 'BODY_TOO_LARGE', id: null },
  ])('$name → $status $code', async ({ body, status, rpc, code, id }) => {
    const r = await post(await token(), body)
    expect(r.status).toBe(status)
    expect(r.body).toMatchObject({ jsonrpc: '2.0', id, error: { code: rpc, data: { code } } })
    expect(await originSaw(r.requestId)).toBe(false)
  })

  it('408 BODY_TIMEOUT for a body that stalls past BODY_READ_TIMEOUT_MS: JSON-RPC error, origin not called', async () => {
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"jsonrpc":"2.0","id":3,"method":"tools/ca'))
      },
    })
    const id = requestId()
    const headers = { authorization: `Bearer ${await token()}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-request-id': id }
    const res = await withEnv({ BODY_READ_TIMEOUT_MS: '300' })(new Request('https://edge.test/mcp?json=1', { method: 'POST', headers, body: stalled, duplex: 'half' } as RequestInit))
    expect(res.status).toBe(408)
    expect(res.headers.get('x-request-id')).toBe(id)
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32003, data: { code: 'BODY_TIMEOUT' } } })
    expect(await originSaw(id)).toBe(false)
  })

  it('415 for a POST that is not application/json', async () => {
    const r = await post(await token(), 'ping', { headers: { 'content-type': 'text/plain' } })
    expect(r.status).toBe(415)
    expect(r.body.error.data.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    expect(await originSaw(r.requestId)).toBe(false)
  })
})

describe('method allow-list and batches', () => {
  it('refuses a method off the allow-list in-band (-32601) on the same id', async () => {
    const r = await post(await token(), { jsonrpc: '2.0', id: 'a', method: 'resources/list', params: {} })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ id: 'a', error: { code: -32601, data: { code: 'MCP_METHOD_NOT_ALLOWED' } } })
    expect(await originSaw(r.requestId)).toBe(false)
  })

  it('refuses a notification off the allow-list with an HTTP status (no id to answer on)', async () => {
    const r = await post(await token(), { jsonrpc: '2.0', method: 'notifications/message', params: {} })
    expect(r.status).toBe(403)
    expect(r.headers.get('content-type')).toContain('application/problem+json')
    expect(r.body.code).toBe('MCP_METHOD_NOT_ALLOWED')
    expect(await originSaw(r.requestId)).toBe(false)
  })

  it('inspects every message of a batch: one bad call refuses the batch on that call id', async () => {
    const r = await post(await token(), [call(1, 'search_products', { query: 'shoe' }), call(2, 'database_query', { sql: 'select 1' })])
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ id: 2, error: { data: { code: 'MCP_TOOL_UNKNOWN' } } })
    expect(await originSaw(r.requestId)).toBe(false)
  })

  it('forwards a clean batch and answers every id', async () => {
    const r = await post(await token(), [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 't', version: '1' } } },
    ])
    expect(r.status).toBe(200)
    expect(await originSaw(r.requestId)).toBe(true)
  })

  it('passes notifications through (202 from the origin)', async () => {
    const r = await post(await token(), { jsonrpc: '2.0', method: 'notifications/initialized' })
    expect(r.status).toBe(202)
    expect(await originSaw(r.requestId)).toBe(true)
  })
})

describe('MCP headers', () => {
  it.each([
    { name: 'Mcp-Method disagrees with the body', headers: { 'mcp-method': 'tools/list' } },
    { name: 'Mcp-Name names another tool', headers: { 'mcp-method': 'tools/call', 'mcp-name': 'get_order_status' } },
    { name: 'Mcp-Tool-Name names another tool', headers: { 'mcp-tool-name': 'get_order_status' } },
    { name: 'base64 Mcp-Name names another tool', headers: { 'mcp-name': `=?base64?${btoa('get_order_status')}?=` } },
  ])('400 MCP_HEADER_MISMATCH when $name; the body decides, origin not called', async ({ headers }) => {
    const r = await post(await token(), call(5, 'search_products', { query: 'shoe' }), { headers: headers as unknown as Record<string, string> })
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ id: 5, error: { data: { code: 'MCP_HEADER_MISMATCH' } } })
    expect(await originSaw(r.requestId)).toBe(false)
  })

  it('accepts routing headers that agree with the body', async () => {
    const r = await post(await token(), call(6, 'search_products', { query: 'shoe' }), { headers: { 'mcp-method': 'tools/call', 'mcp-name': 'search_products' } })
    expect(r.status).toBe(200)
    expect(r.body.result.content[0].type).toBe('text')
    expect(await originSaw(r.requestId)).toBe(true)
  })

  it('forwards MCP-Protocol-Version, and rejects malformed MCP headers or a session this agent was never given', async () => {
    const ok = await post(await token(), { jsonrpc: '2.0', id: 1, method: 'ping' }, { headers: { 'mcp-protocol-version': '2025-06-18' } })
    expect(ok.status).toBe(200)
    expect(await originSaw(ok.requestId)).toBe(true)
    // Sessions are bound to the agent the origin assigned them to (sessions.test.ts).
    const unbound = await post(await token(), { jsonrpc: '2.0', id: 1, method: 'ping' }, { headers: { 'mcp-session-id': 'sess-1' } })
    expect(unbound.status).toBe(404)
    expect(unbound.body.error.data.code).toBe('MCP_SESSION_FORBIDDEN')
    expect(await originSaw(unbound.requestId)).toBe(false)
    const bad = await post(await token(), { jsonrpc: '2.0', id: 1, method: 'ping' }, { headers: { 'mcp-protocol-version': 'latest' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.data.code).toBe('MCP_MALFORMED')
    expect(await originSaw(bad.requestId)).toBe(false)
  })
})

describe('Origin (DNS rebinding) and TLS', () => {
  it('403 ORIGIN_NOT_ALLOWED for a browser Origin not listed, even with a valid token', async () => {
    const r = await post(await token(), list(1), { headers: { origin: 'https://evil.example' } })
    expect(r.status).toBe(403)
    expect(r.body.error.data.code).toBe('ORIGIN_NOT_ALLOWED')
    expect(await originSaw(r.requestId)).toBe(false)
  })

  it('lets a listed Origin through', async () => {
    const edge = withEnv({ MCP_ALLOWED_ORIGINS: ['https://app.example'] })
    const r = await post(await token(), { jsonrpc: '2.0', id: 1, method: 'ping' }, { headers: { origin: 'https://app.example' }, via: edge })
    expect(r.status).toBe(200)
    expect(await originSaw(r.requestId)).toBe(true)
  })

  it('403 TLS_REQUIRED for plain http', async () => {
    const r = await post(await token(), list(1), { url: 'http://edge.test/mcp' })
    expect(r.status).toBe(403)
    expect(r.body.error.data.code).toBe('TLS_REQUIRED')
    expect(await originSaw(r.requestId)).toBe(false)
  })

  it('allows http on localhost only with DEV_ALLOW_INSECURE', async () => {
    const dev = withEnv({ DEV_ALLOW_INSECURE: true })
    const local = await post(await token(), { jsonrpc: '2.0', id: 1, method: 'ping' }, { url: 'http://localhost/mcp?json=1', via: dev })
    expect(local.status).toBe(200)
    const remote = await post(await token(), { jsonrpc: '2.0', id: 1, method: 'ping' }, { url: 'http://edge.test/mcp?json=1', via: dev })
    expect(remote.status).toBe(403)
    expect(remote.body.error.data.code).toBe('TLS_REQUIRED')
  })
})

describe('GET (SSE stream) and DELETE (session end) pass through after authentication', () => {
  it.each(['GET', 'DELETE'])('%s reaches the origin (405 from a stateless server)', async (method) => {
    const { response, requestId } = await send('/mcp', { method, token: await token(), headers: { accept: 'text/event-stream' } })
    expect(response.status).toBe(405)
    expect(await originSaw(requestId)).toBe(true)
  })

  it.each(['GET', 'DELETE'])("%s with a session this agent was never given is 404 and never reaches the origin", async (method) => {
    const { response, requestId } = await send('/mcp', { method, token: await token(), headers: { accept: 'text/event-stream', 'mcp-session-id': 's-1' } })
    expect(response.status).toBe(404)
    expect(((await response.json()) as { code: string }).code).toBe('MCP_SESSION_FORBIDDEN')
    expect(await originSaw(requestId)).toBe(false)
  })

  it('GET without a token is 401 problem+json and never reaches the origin', async () => {
    const { response, requestId } = await send('/mcp', { method: 'GET' })
    expect(response.status).toBe(401)
    expect(response.headers.get('content-type')).toContain('application/problem+json')
    expect(await originSaw(requestId)).toBe(false)
  })

  it('other HTTP methods are not routed', async () => {
    const { response, requestId } = await send('/mcp', { method: 'PUT', token: await token(), body: '{}' })
    expect(response.status).toBe(404)
    expect(await originSaw(requestId)).toBe(false)
  })
})
