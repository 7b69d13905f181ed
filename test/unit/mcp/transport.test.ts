/** @module Transport checks: TLS, Origin (DNS rebinding), MCP header syntax and header/body agreement. */
import { describe, expect, it } from 'vitest'
import { parseMessages, type RpcMessage } from '../../../src/mcp/jsonrpc'
import { checkHeaderMismatch, checkHeaders, checkOrigin, checkTls, decodeHeaderValue } from '../../../src/mcp/transport'
import { DEFAULT_JSON_LIMITS } from '../../../src/input/json'

const messages = (v: unknown): readonly RpcMessage[] => {
  const r = parseMessages(JSON.stringify(v), 10, DEFAULT_JSON_LIMITS)
  if (!r.ok) throw new Error(r.reason)
  return r.messages
}
const callSearch = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'search_products', arguments: {} } }

describe('checkTls', () => {
  it.each([
    { url: 'https://api.example/mcp', require: true, dev: false, ok: true },
    { url: 'http://api.example/mcp', require: true, dev: false, ok: false },
    { url: 'http://api.example/mcp', require: false, dev: false, ok: true },
    { url: 'http://localhost:8787/mcp', require: true, dev: false, ok: false },
    { url: 'http://localhost:8787/mcp', require: true, dev: true, ok: true },
    { url: 'http://127.0.0.1:8787/mcp', require: true, dev: true, ok: true },
    { url: 'http://[::1]:8787/mcp', require: true, dev: true, ok: true },
    { url: 'http://app.localhost/mcp', require: true, dev: true, ok: true },
    { url: 'http://api.example/mcp', require: true, dev: true, ok: false },
    { url: 'http://127.0.0.1.nip.io/mcp', require: true, dev: true, ok: false },
  ])('$url (requireTls $require, dev $dev) → $ok', ({ url, require, dev, ok }) => {
    expect(checkTls(new URL(url), require, dev).ok).toBe(ok)
  })
})

describe('checkOrigin', () => {
  const allowed = ['https://app.example']
  it.each([
    { origin: null, ok: true },
    { origin: 'https://app.example', ok: true },
    { origin: 'https://evil.example', ok: false },
    { origin: 'null', ok: false },
    { origin: 'https://app.example.evil', ok: false },
  ])('Origin $origin → $ok', ({ origin, ok }) => {
    expect(checkOrigin(origin, allowed).ok).toBe(ok)
  })
})

describe('checkHeaders', () => {
  it.each([
    { h: {}, ok: true },
    { h: { 'mcp-protocol-version': '2025-06-18' }, ok: true },
    { h: { 'mcp-protocol-version': 'latest' }, ok: false },
    { h: { 'mcp-session-id': 'abc-123_~' }, ok: true },
    { h: { 'mcp-session-id': 'has space' }, ok: false },
    { h: { 'mcp-session-id': 'x'.repeat(257) }, ok: false },
  ])('$h → $ok', ({ h, ok }) => {
    expect(checkHeaders(new Headers(h as Record<string, string>)).ok).toBe(ok)
  })
})

describe('checkHeaderMismatch (SEP-2243)', () => {
  it.each([
    { name: 'no headers', h: {}, body: callSearch, ok: true },
    { name: 'agreeing method and name', h: { 'mcp-method': 'tools/call', 'mcp-name': 'search_products' }, body: callSearch, ok: true },
    { name: 'other method', h: { 'mcp-method': 'tools/list' }, body: callSearch, ok: false },
    { name: 'other tool', h: { 'mcp-name': 'database_query' }, body: callSearch, ok: false },
    { name: 'legacy Mcp-Tool-Name', h: { 'mcp-tool-name': 'database_query' }, body: callSearch, ok: false },
    { name: 'base64 name agreeing', h: { 'mcp-name': `=?base64?${btoa('search_products')}?=` }, body: callSearch, ok: true },
    { name: 'undecodable base64', h: { 'mcp-name': '=?base64?###?=' }, body: callSearch, ok: false },
    { name: 'name on a nameless method', h: { 'mcp-name': 'x' }, body: { jsonrpc: '2.0', id: 1, method: 'tools/list' }, ok: false },
    { name: 'batch with one disagreeing', h: { 'mcp-method': 'tools/call' }, body: [callSearch, { jsonrpc: '2.0', id: 2, method: 'ping' }], ok: false },
  ])('$name → $ok', ({ h, body, ok }) => {
    const r = checkHeaderMismatch(new Headers(h as Record<string, string>), messages(body))
    expect(r.ok).toBe(ok)
    if (!r.ok) expect(r.code).toBe('MCP_HEADER_MISMATCH')
  })

  it('decodes SEP-2243 base64 values as UTF-8', () => {
    expect(decodeHeaderValue(`=?base64?${btoa(String.fromCharCode(...new TextEncoder().encode('café')))}?=`)).toBe('café')
    expect(decodeHeaderValue('plain')).toBe('plain')
  })
})
