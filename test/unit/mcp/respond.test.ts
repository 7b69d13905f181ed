/** @module The response path: SSE re-framed as the client parses it, bounded JSON, modes, and onDone exactly once. */
import { describe, expect, it } from 'vitest'
import type { Json } from '../../../src/mcp/envelope'
import { answerMode, processResponse, type Rewriter } from '../../../src/mcp/respond'
import { transformSse, type SseHandler } from '../../../src/mcp/sse'

const enc = new TextEncoder()
function streamOf(chunks: readonly string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch))
      c.close()
    },
  })
}

/** A handler that rewrites id 1 and passes everything else as read. */
const handler = (o: Partial<SseHandler> = {}): SseHandler => ({
  data: async (d) => {
    const m = JSON.parse(d) as Json
    return [JSON.stringify(m['id'] === 1 ? { ...m, result: { changed: true } } : m)]
  },
  tooLarge: () => ['{"owed":"too_large"}'],
  end: () => [],
  ...o,
})

describe('transformSse', () => {
  it('re-emits every event canonically, whatever the framing and the chunking', async () => {
    const body = 'event: message\nid: 7\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\r\r: keep-alive\r\ndata:{"jsonrpc":"2.0",\ndata: "id":2,"result":{}}\r\n\r\n'
    for (const cut of [1, 5, 17, 40, 60, body.length - 1]) {
      const out = await new Response(transformSse(streamOf([body.slice(0, cut), body.slice(cut)]), handler(), 10_000)).text()
      expect(out).toBe('id: 7\ndata: {"jsonrpc":"2.0","id":1,"result":{"changed":true}}\n\n:\n\ndata: {"jsonrpc":"2.0","id":2,"result":{}}\n\n')
    }
  })

  it('drops events the client skips (no data, other event names), keeping their ids as resume points', async () => {
    const body = 'id: 1\n\nid: 2\ndata:\n\nevent: other\nid: 3\ndata: {"x":1}\n\nretry: 500\n\n'
    const out = await new Response(transformSse(streamOf([body]), handler(), 1_000)).text()
    expect(out).toBe('id: 2\ndata:\n\nid: 3\ndata:\n\nretry: 500\n\n')
  })

  it('never delivers a trailing event without its blank line (the client never dispatches it)', async () => {
    const out = await new Response(transformSse(streamOf(['data: {"jsonrpc":"2.0","id":1,"result":{}}']), handler(), 1_000)).text()
    expect(out).toBe('')
  })

  it('answers and ends the stream when one event exceeds the bound, instead of forwarding it unscreened', async () => {
    const out = await new Response(transformSse(streamOf([`data: ${'x'.repeat(2_000)}`, '\n\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n']), handler(), 1_000)).text()
    expect(out).toBe('data: {"owed":"too_large"}\n\n')
  })

  it('emits what the handler owes when the stream ends', async () => {
    const out = await new Response(transformSse(streamOf(['']), handler({ end: () => ['{"owed":"end"}'] }), 1_000)).text()
    expect(out).toBe('data: {"owed":"end"}\n\n')
  })
})

describe('answerMode', () => {
  it.each([
    ['GET', 200, 'application/json', false, 'sse'],
    ['GET', 200, null, false, 'sse'],
    ['GET', 405, 'application/json', false, 'empty'],
    ['DELETE', 200, 'application/json', false, 'empty'],
    ['POST', 202, 'application/json', true, 'empty'],
    ['POST', 200, 'application/json', false, 'empty'],
    ['POST', 200, 'text/event-stream; charset=utf-8', true, 'sse'],
    ['POST', 200, 'Application/JSON', true, 'json'],
    ['POST', 200, 'text/html', true, 'refuse'],
    ['POST', 200, null, true, 'refuse'],
    ['POST', 500, 'text/plain', true, 'text'],
    ['POST', 400, 'application/json', false, 'text'],
  ] as const)('%s %d %s (requests: %s) → %s', (method, status, type, requests, want) => {
    expect(answerMode(method, status, type, requests)).toBe(want)
  })
})

describe('processResponse', () => {
  const rewrite = (owed: Json[] = []): Rewriter => ({
    message: async (m) => {
      const msg = m as Json
      return msg['drop'] ? undefined : msg['id'] === 1 ? { ...msg, result: 'REWRITTEN' } : msg
    },
    owed: () => owed,
    text: (t) => (t === undefined ? { too: 'large' } : t.includes('evil') ? { blocked: true } : undefined),
  })
  const opts = (mode: Parameters<typeof processResponse>[1]['mode'], done: string[], owed: Json[] = []) => ({ mode, rewrite: rewrite(owed), maxBytes: 200, onDone: (o: string) => done.push(o) })
  const json = (body: unknown, status = 200) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, statusText: 'Origin says hi', headers: { 'content-type': 'application/json', 'content-length': '999' } })

  it.each([
    { name: 'single JSON', body: { jsonrpc: '2.0', id: 1, result: 'x' }, want: { jsonrpc: '2.0', id: 1, result: 'REWRITTEN' } },
    { name: 'JSON batch', body: [{ jsonrpc: '2.0', id: 2, result: 'y' }, { jsonrpc: '2.0', id: 1, result: 'x' }], want: [{ jsonrpc: '2.0', id: 2, result: 'y' }, { jsonrpc: '2.0', id: 1, result: 'REWRITTEN' }] },
    { name: 'a dropped message leaves the rest', body: [{ drop: true }, { jsonrpc: '2.0', id: 3, result: 'z' }], want: [{ jsonrpc: '2.0', id: 3, result: 'z' }] },
  ])('$name', async ({ body, want }) => {
    const done: string[] = []
    const res = await processResponse(json(body), opts('json', done))
    expect(res.headers.get('content-length')).toBeNull()
    expect(res.statusText).not.toBe('Origin says hi')
    expect(await res.json()).toEqual(want)
    expect(done).toEqual(['complete'])
  })

  it('answers the requests itself for a JSON body over the bound, or one that is not JSON', async () => {
    for (const body of [{ result: 'x'.repeat(500) }, '{"jsonrpc": NaN}']) {
      const done: string[] = []
      const res = await processResponse(json(body), opts('json', done, [{ owed: 1 }]))
      expect(await res.json()).toEqual({ owed: 1 })
    }
  })

  it('streams SSE and reports completion once the body is read', async () => {
    const done: string[] = []
    const res = await processResponse(new Response(streamOf(['data: {"jsonrpc":"2.0","id":1,"result":"x"}\n\n']), { headers: { 'content-type': 'text/event-stream' } }), opts('sse', done))
    expect(done).toEqual([])
    expect(await res.text()).toBe('data: {"jsonrpc":"2.0","id":1,"result":"REWRITTEN"}\n\n')
    expect(done).toEqual(['complete'])
  })

  it('reports a client cancelling the stream', async () => {
    const done: string[] = []
    const endless = new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(enc.encode(': ping\n\n')) })
    const res = await processResponse(new Response(endless, { headers: { 'content-type': 'text/event-stream' } }), opts('sse', done))
    const reader = res.body!.getReader()
    await reader.read()
    await reader.cancel()
    expect(done).toEqual(['cancelled'])
  })

  it('screens an error body as the text the client will show, and replaces it when refused', async () => {
    const done: string[] = []
    const clean = await processResponse(json('{"jsonrpc":"2.0","id":1,"error":{}}', 400), opts('text', done))
    expect(clean.status).toBe(400)
    expect(await clean.text()).toBe('{"jsonrpc":"2.0","id":1,"error":{}}')
    const evil = await processResponse(json('evil text', 500), opts('text', done))
    expect(evil.status).toBe(500)
    expect(await evil.json()).toEqual({ blocked: true })
    const large = await processResponse(json('y'.repeat(300), 500), opts('text', done))
    expect(await large.json()).toEqual({ too: 'large' })
  })

  it('drops bodies no client reads, and answers requests itself when the media type is unreadable', async () => {
    const done: string[] = []
    const empty = await processResponse(json({ anything: 1 }, 202), opts('empty', done))
    expect(empty.status).toBe(202)
    expect(await empty.text()).toBe('')
    const refused = await processResponse(new Response('<html>', { headers: { 'content-type': 'text/html' } }), opts('refuse', done, [{ owed: 2 }]))
    expect(refused.headers.get('content-type')).toBe('application/json')
    expect(await refused.json()).toEqual({ owed: 2 })
  })
})
