/** @module The seed's MCPSecurityConfig through the edge: concurrency, calls per minute, distinct tools per session. */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { describe, expect, it } from 'vitest'
import { agentId, mintToken } from '../../support/tokens'
import { connect, expectRpcError, expectToolText, originSaw, withEnv } from './support'

const ALL = ['search:execute', 'orders:read', 'notifications:send']

/** The response and request id of a call the SDK client saw fail at the HTTP level. */
async function httpFailure(p: Promise<unknown>, c: { sent: string[]; responses: Response[] }) {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(StreamableHTTPError)
  return error as StreamableHTTPError
}

describe('concurrent tool calls (in flight, with expiry)', () => {
  it('refuses the call over MCP_MAX_CONCURRENT with 429, Retry-After and a JSON-RPC body; frees slots when calls end', async () => {
    const token = await mintToken({ scopes: ALL, tier: 'premium', sub: agentId('conc') })
    const c = await connect(token, { query: '?demo_delay_ms=400' })
    const calls = Array.from({ length: 6 }, (_, i) => c.client.callTool({ name: 'search_products', arguments: { query: `shoe ${i}` } }))
    const settled = await Promise.allSettled(calls)
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(5)
    const refusedIndex = settled.findIndex((s) => s.status === 'rejected')
    const refused = settled[refusedIndex] as PromiseRejectedResult
    expect(refused.reason).toBeInstanceOf(StreamableHTTPError)
    expect((refused.reason as StreamableHTTPError).code).toBe(429)
    const [refusedId, answer] = [...c.byId].find(([, r]) => r.status === 429)!
    expect(answer.headers.get('retry-after')).toBe('1')
    const body = (await answer.json()) as { error: { code: number; data: { code: string } } }
    expect(body.error).toMatchObject({ code: -32002, data: { code: 'MCP_CONCURRENCY_LIMIT' } })
    expect(await originSaw(refusedId)).toBe(false)
    // Slots are released in waitUntil once each answer has been streamed: the next call gets through.
    let ok = false
    for (let i = 0; i < 20 && !ok; i++) {
      ok = await c.client.callTool({ name: 'search_products', arguments: { query: 'lamp' } }).then(() => true, () => false)
      if (!ok) await new Promise((r) => setTimeout(r, 100))
    }
    expect(ok).toBe(true)
    await c.client.close()
  })
})

describe('tool calls per minute', () => {
  it('answers 429 RATE_LIMITED with Retry-After and a JSON-RPC error body; other methods still pass', async () => {
    const edge = withEnv({ MCP_CALLS_PER_MINUTE: 2 })
    const c = await connect(await mintToken({ scopes: ALL, tier: 'premium', sub: agentId('rpm') }), { via: edge, query: '?json=1' })
    await c.client.callTool({ name: 'search_products', arguments: { query: 'rain jacket' } })
    await c.client.callTool({ name: 'get_order_status', arguments: { order_id: 'ORD-00000042' } })
    const error = await httpFailure(c.client.callTool({ name: 'search_products', arguments: { query: 'camp stove' } }), c)
    expect(error.code).toBe(429)
    const answer = c.lastPost().response
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(answer.headers.get('content-type')).toContain('application/json')
    const body = (await answer.json()) as { id: unknown; error: { code: number; data: { code: string } } }
    expect(body.error).toMatchObject({ code: -32002, data: { code: 'RATE_LIMITED' } })
    expect(await originSaw(c.lastPost().requestId)).toBe(false)
    // The limit is on tool calls: listing still works, and lists the permitted tools.
    expect((await c.client.listTools()).tools.map((t) => t.name).sort()).toEqual(['get_order_status', 'search_products', 'send_notification'])
    await c.client.close()
  })
})

describe('distinct tools per session', () => {
  it('refuses a new tool past MCP_MAX_TOOLS_PER_SESSION in-band; the same tool still works; a new connection does not reset it', async () => {
    const edge = withEnv({ MCP_MAX_TOOLS_PER_SESSION: 1 })
    const token = await mintToken({ scopes: ALL, tier: 'premium', sub: agentId('sess') })
    const a = await connect(token, { via: edge, query: '?json=1' })
    await a.client.callTool({ name: 'search_products', arguments: { query: 'rain jacket' } })
    await expectRpcError(a.client.callTool({ name: 'get_order_status', arguments: { order_id: 'ORD-00000042' } }), 'MCP_SESSION_TOOL_LIMIT')
    expect(a.lastPost().response.status).toBe(200)
    expect(await originSaw(a.lastPost().requestId)).toBe(false)
    await expectToolText(a.client.callTool({ name: 'search_products', arguments: { query: 'camp stove' } }), /"name":"Camp stove #\d+"/)
    // Issue 12 item 8: a fresh session (here a new connection to the stateless demo server) is no way around it.
    const b = await connect(token, { via: edge, query: '?json=1' })
    await expectRpcError(b.client.callTool({ name: 'get_order_status', arguments: { order_id: 'ORD-00000042' } }), 'MCP_SESSION_TOOL_LIMIT')
    expect(await originSaw(b.lastPost().requestId)).toBe(false)
    await a.client.close()
    await b.client.close()
  })
})
