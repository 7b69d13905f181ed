/** @module JSON-RPC envelope parsing: single messages, batches, bounds and the id kept for the error. */
import { describe, expect, it } from 'vitest'
import { idKey, parseMessages } from '../../../src/mcp/jsonrpc'
import { DEFAULT_JSON_LIMITS } from '../../../src/input/json'

const parse = (v: unknown, maxBatch = 3) => parseMessages(typeof v === 'string' ? v : JSON.stringify(v), maxBatch, DEFAULT_JSON_LIMITS)

describe('parseMessages', () => {
  it.each([
    { name: 'request', body: { jsonrpc: '2.0', id: 1, method: 'ping' }, kinds: ['request'] },
    { name: 'string id', body: { jsonrpc: '2.0', id: 'a', method: 'tools/list', params: {} }, kinds: ['request'] },
    { name: 'notification', body: { jsonrpc: '2.0', method: 'notifications/initialized' }, kinds: ['notification'] },
    { name: 'client response', body: { jsonrpc: '2.0', id: 4, result: {} }, kinds: ['response'] },
    { name: 'error response', body: { jsonrpc: '2.0', id: null, error: { code: 1, message: 'x' } }, kinds: ['response'] },
    { name: 'batch', body: [{ jsonrpc: '2.0', id: 1, method: 'ping' }, { jsonrpc: '2.0', method: 'n' }], kinds: ['request', 'notification'] },
  ])('accepts a $name', ({ body, kinds }) => {
    const r = parse(body)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.messages.map((m) => m.kind)).toEqual(kinds)
  })

  it.each([
    { name: 'invalid JSON', body: '{"jsonrpc":', code: 'MALFORMED_JSON', id: null },
    { name: 'depth bomb', body: '['.repeat(100) + ']'.repeat(100), code: 'JSON_TOO_COMPLEX', id: null },
    { name: 'not an object', body: 42, code: 'MCP_MALFORMED', id: null },
    { name: 'jsonrpc 1.0', body: { jsonrpc: '1.0', id: 3, method: 'ping' }, code: 'MCP_MALFORMED', id: 3 },
    { name: 'empty method', body: { jsonrpc: '2.0', id: 3, method: '' }, code: 'MCP_MALFORMED', id: 3 },
    { name: 'fractional id', body: { jsonrpc: '2.0', id: 1.5, method: 'ping' }, code: 'MCP_MALFORMED', id: null },
    { name: 'object id', body: { jsonrpc: '2.0', id: {}, method: 'ping' }, code: 'MCP_MALFORMED', id: null },
    { name: 'null id on a request', body: { jsonrpc: '2.0', id: null, method: 'ping' }, code: 'MCP_MALFORMED', id: null },
    { name: 'scalar params', body: { jsonrpc: '2.0', id: 2, method: 'ping', params: 'x' }, code: 'MCP_MALFORMED', id: 2 },
    { name: 'request with result', body: { jsonrpc: '2.0', id: 2, method: 'ping', result: {} }, code: 'MCP_MALFORMED', id: 2 },
    { name: 'response with both', body: { jsonrpc: '2.0', id: 2, result: {}, error: {} }, code: 'MCP_MALFORMED', id: 2 },
    { name: 'empty batch', body: [], code: 'MCP_MALFORMED', id: null },
    { name: 'batch over the bound', body: [1, 2, 3, 4].map((id) => ({ jsonrpc: '2.0', id, method: 'ping' })), code: 'MCP_BATCH_TOO_LARGE', id: null },
    { name: 'duplicate ids', body: [{ jsonrpc: '2.0', id: 1, method: 'a' }, { jsonrpc: '2.0', id: 1, method: 'b' }], code: 'MCP_MALFORMED', id: 1 },
    { name: 'bad message inside a batch', body: [{ jsonrpc: '2.0', id: 1, method: 'a' }, { jsonrpc: '2.0', id: 2 }], code: 'MCP_MALFORMED', id: 2 },
  ])('rejects $name → $code (id $id)', ({ body, code, id }) => {
    const r = parse(body)
    expect(r.ok).toBe(false)
    if (!r.ok) expect({ code: r.code, id: r.id }).toEqual({ code, id })
  })

  it('keeps 1 and "1" apart', () => {
    expect(idKey(1)).not.toBe(idKey('1'))
    expect(parse([{ jsonrpc: '2.0', id: 1, method: 'a' }, { jsonrpc: '2.0', id: '1', method: 'b' }]).ok).toBe(true)
  })
})

describe('parser differentials', () => {
  it('duplicate member names (e.g. two "name"s in tools/call params) are refused before policy', () => {
    const text = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search_products","name":"database_query","arguments":{}}}'
    expect(parseMessages(text, 10, { maxDepth: 32, maxKeys: 1000, maxStringLength: 10_000 })).toMatchObject({ ok: false, code: 'MALFORMED_JSON' })
  })
})
