/** @module The response path: SSE events one at a time, bounded JSON, and onDone exactly once. */
import { describe, expect, it } from 'vitest'
import { processResponse, type RpcObject } from '../../../src/mcp/respond'
import { rewriteEvent, transformSse } from '../../../src/mcp/sse'

const enc = new TextEncoder()
function streamOf(chunks: readonly string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch))
      c.close()
    },
  })
}
const upper = async (m: RpcObject) => (m['id'] === 1 ? { ...m, result: 'REWRITTEN' } : undefined)

describe('transformSse', () => {
  it('rewrites the data of matching events across chunk splits and keeps other fields', async () => {
    const events = ['event: message\nid: 7\ndata: {"jsonrpc":"2.0","id":1,"result":"x"}\n\n', ': keep-alive\n\n', 'data: {"jsonrpc":"2.0","id":2,"result":"y"}\r\n\r\n']
    const joined = events.join('')
    const chunks = [joined.slice(0, 17), joined.slice(17, 60), joined.slice(60)]
    const out = await new Response(transformSse(streamOf(chunks), ({ data }) => (data?.includes('"id":1') ? '{"changed":true}' : undefined), 1_000)).text()
    expect(out).toBe(['event: message\nid: 7\ndata: {"changed":true}\n\n', events[1], events[2]].join(''))
  })

  it('errors the stream when one event exceeds the bound instead of forwarding it unscreened', async () => {
    const body = transformSse(streamOf([`data: ${'x'.repeat(2_000)}`]), () => undefined, 1_000)
    await expect(new Response(body).text()).rejects.toThrow()
  })

  it('joins multi-line data and rewrites it as one', () => {
    expect(rewriteEvent('id: 1\ndata: a\ndata: b', 'z')).toBe('id: 1\ndata: z')
  })
})

describe('processResponse', () => {
  const opts = (done: string[]) => ({
    rewrite: upper,
    inspect: true,
    maxBytes: 200,
    tooLarge: () => new Response('blocked', { status: 200 }),
    onDone: (o: 'complete' | 'error' | 'cancelled') => done.push(o),
  })

  it.each([
    { name: 'single JSON', body: { jsonrpc: '2.0', id: 1, result: 'x' }, want: { jsonrpc: '2.0', id: 1, result: 'REWRITTEN' } },
    { name: 'JSON batch', body: [{ jsonrpc: '2.0', id: 2, result: 'y' }, { jsonrpc: '2.0', id: 1, result: 'x' }], want: [{ jsonrpc: '2.0', id: 2, result: 'y' }, { jsonrpc: '2.0', id: 1, result: 'REWRITTEN' }] },
    { name: 'untouched JSON', body: { jsonrpc: '2.0', id: 3, result: 'z' }, want: { jsonrpc: '2.0', id: 3, result: 'z' } },
  ])('$name', async ({ body, want }) => {
    const done: string[] = []
    const res = await processResponse(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', 'content-length': '999' } }), opts(done))
    expect(res.headers.get('content-length')).toBeNull()
    expect(await res.json()).toEqual(want)
    expect(done).toEqual(['complete'])
  })

  it('replaces a JSON body over the bound', async () => {
    const done: string[] = []
    const res = await processResponse(new Response(JSON.stringify({ result: 'x'.repeat(500) }), { headers: { 'content-type': 'application/json' } }), opts(done))
    expect(await res.text()).toBe('blocked')
    expect(done).toEqual(['error'])
  })

  it('streams SSE and reports completion once the body is read', async () => {
    const done: string[] = []
    const res = await processResponse(new Response(streamOf(['data: {"jsonrpc":"2.0","id":1,"result":"x"}\n\n']), { headers: { 'content-type': 'text/event-stream' } }), opts(done))
    expect(done).toEqual([])
    expect(await res.text()).toBe('data: {"jsonrpc":"2.0","id":1,"result":"REWRITTEN"}\n\n')
    expect(done).toEqual(['complete'])
  })

  it('reports a client cancelling the stream', async () => {
    const done: string[] = []
    const endless = new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(enc.encode(': ping\n\n')) })
    const res = await processResponse(new Response(endless, { headers: { 'content-type': 'text/event-stream' } }), opts(done))
    const reader = res.body!.getReader()
    await reader.read()
    await reader.cancel()
    expect(done).toEqual(['cancelled'])
  })

  it('passes error statuses through untouched', async () => {
    const done: string[] = []
    const res = await processResponse(new Response('{"jsonrpc":"2.0","id":1,"error":{}}', { status: 400, headers: { 'content-type': 'application/json' } }), opts(done))
    expect(await res.text()).toBe('{"jsonrpc":"2.0","id":1,"error":{}}')
    expect(done).toEqual(['complete'])
  })
})
