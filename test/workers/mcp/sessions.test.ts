/**
 * @module Issue 12 item 8: an `Mcp-Session-Id` belongs to the agent whose answer carried it; any
 * other agent gets 404 MCP_SESSION_FORBIDDEN (as for an unknown session) and the origin is never
 * called; a fresh session does not reset the distinct-tools limit.
 */
import { describe, expect, it } from 'vitest'
import { agentId, mintToken } from '../../support/tokens'
import { call, expectRpcError, expectToolText, post } from './support'
import { connectHostile, HOSTILE_PATH, hostileEdge, hostileSaw, jsonReply, LOOKUP, script, SCOPES } from './hostile'

const url = (key: string) => `https://edge.test${HOSTILE_PATH}?s=${key}`

async function opened(edge = hostileEdge()) {
  const key = await script({}, { session: true })
  const sub = agentId('owner')
  const token = await mintToken({ scopes: SCOPES, sub })
  const a = await connectHostile(token, key, edge)
  const transport = a.client.transport as unknown as { sessionId?: string }
  expect(transport.sessionId).toMatch(/^hostile-/)
  return { key, sub, token, a, session: transport.sessionId! }
}

describe('sessions bound to the agent that opened them', () => {
  it('the owner uses its session right after initialize (no race), across its tokens', async () => {
    const { key, sub, a, session } = await opened()
    await expectToolText(a.client.callTool({ name: 'lookup', arguments: { q: 'x' } }), /^ok \d+$/)
    const later = await mintToken({ scopes: SCOPES, sub })
    const r = await post(later, { jsonrpc: '2.0', id: 1, method: 'ping' }, { via: hostileEdge(), url: url(key), headers: { 'mcp-session-id': session } })
    expect(r.status).toBe(200)
    expect(await hostileSaw(r.requestId)).toBe(true)
    await a.client.close()
  })

  it.each([
    ['POST', { jsonrpc: '2.0', id: 7, method: 'ping' }],
    ['POST', call(8, 'lookup', { q: 'x' })],
    ['POST', { jsonrpc: '2.0', method: 'notifications/initialized' }],
    ['GET', undefined],
    ['DELETE', undefined],
  ])("another agent's %s with the session → 404 MCP_SESSION_FORBIDDEN, origin not called", async (method, body) => {
    const { key, a, session } = await opened()
    const intruder = await mintToken({ scopes: SCOPES, sub: agentId('intruder') })
    const r = await post(intruder, body, { via: hostileEdge(), url: url(key), method, headers: { 'mcp-session-id': session, accept: 'application/json, text/event-stream' } })
    expect(r.status).toBe(404)
    const rpc = body !== undefined && 'id' in body
    if (rpc) expect(r.body).toMatchObject({ jsonrpc: '2.0', id: (body as { id: unknown }).id, error: { code: -32001, data: { code: 'MCP_SESSION_FORBIDDEN', status: 404 } } })
    else expect(r.body).toMatchObject({ code: 'MCP_SESSION_FORBIDDEN', status: 404 })
    expect(r.headers.get('ratelimit-policy')).toBeTruthy()
    expect(await hostileSaw(r.requestId)).toBe(false)
    await a.client.close()
  })

  it('a session id no answer ever carried is refused too, even for a fresh agent', async () => {
    const key = await script({}, { session: true })
    const r = await post(await mintToken({ scopes: SCOPES }), { jsonrpc: '2.0', id: 1, method: 'ping' }, { via: hostileEdge(), url: url(key), headers: { 'mcp-session-id': 'guessed-session' } })
    expect(r.status).toBe(404)
    expect(r.body.error.data.code).toBe('MCP_SESSION_FORBIDDEN')
    expect(await hostileSaw(r.requestId)).toBe(false)
  })

  it('the SDK client of another agent given the session cannot use it', async () => {
    const { key, a, session } = await opened()
    // Given a session id, the SDK skips initialize and resumes: its first request is refused.
    const b = await connectHostile(await mintToken({ scopes: SCOPES, sub: agentId('other') }), key, hostileEdge(), { sessionId: session })
    await expect(b.client.callTool({ name: 'lookup', arguments: { q: 'x' } })).rejects.toThrow(/404|not found/)
    expect(b.lastPost().response.status).toBe(404)
    expect(await hostileSaw(b.lastPost().requestId)).toBe(false)
    await a.client.close()
  })

  it('an invalid session id from the origin is not passed on', async () => {
    const key = await script({ initialize: { ...jsonReply('{"jsonrpc":"2.0","id":{{id}},"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"h","version":"1"}}}'), headers: { 'mcp-session-id': 'bad id with spaces' } } })
    const r = await post(await mintToken({ scopes: SCOPES }), { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }, { via: hostileEdge(), url: url(key) })
    expect(r.status).toBe(200)
    expect(r.headers.get('mcp-session-id')).toBeNull()
  })
})

describe('the distinct-tools limit survives a new session', () => {
  it('a tool refused in one session stays refused in the next one and with no session at all', async () => {
    const edge = hostileEdge({ MCP_MAX_TOOLS_PER_SESSION: 1, MCP_TOOLS: [LOOKUP, { ...LOOKUP, name: 'second' }] })
    const { key, token, a } = await opened(edge)
    await a.client.callTool({ name: 'lookup', arguments: { q: 'x' } })
    await expectRpcError(a.client.callTool({ name: 'second', arguments: { q: 'x' } }), 'MCP_SESSION_TOOL_LIMIT')
    await a.client.close()
    const again = await connectHostile(token, key, edge)
    const transport = again.client.transport as unknown as { sessionId?: string }
    expect(transport.sessionId).toBeDefined()
    await expectRpcError(again.client.callTool({ name: 'second', arguments: { q: 'x' } }), 'MCP_SESSION_TOOL_LIMIT')
    expect(await hostileSaw(again.lastPost().requestId)).toBe(false)
    await expectToolText(again.client.callTool({ name: 'lookup', arguments: { q: 'y' } }), /^ok \d+$/)
    await again.client.close()
    const bare = await post(token, call(3, 'second', { q: 'x' }), { via: edge, url: url(key) })
    expect(bare.body).toMatchObject({ id: 3, error: { data: { code: 'MCP_SESSION_TOOL_LIMIT' } } })
    expect(await hostileSaw(bare.requestId)).toBe(false)
  })
})
