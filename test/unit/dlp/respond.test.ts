/** @module One REST answer through screenAnswer: JSON buffered, text streamed, the rest by the unscanned policy. */
import { parseDictionary } from 'structured-headers'
import { describe, expect, it } from 'vitest'
import { applyDlpToMessage, DLP_META_KEY } from '../../../src/dlp/mcp'
import { DLP_HEADER, screenAnswer, type DlpAnswer } from '../../../src/dlp/respond'
import { marker } from '../../../src/dlp/scan'
import { policy, REDACT_ALL, SECRETS } from './fixtures'

const CARD = '4539 1488 0343 6467'
const PASS = policy({ secret: 'redact', pii: 'redact' }, 'medium', 'pass')

function json(body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...headers } })
}

async function passed(a: DlpAnswer): Promise<{ text: string; response: Response; report: Awaited<Extract<DlpAnswer, { kind: 'pass' }>['report']> }> {
  if (a.kind !== 'pass') throw new Error(`withheld: ${a.code}`)
  const text = await a.response.text()
  return { text, response: a.response, report: await a.report }
}

describe('screenAnswer: JSON', () => {
  it('redacts structurally, keeps the status, and lists counts (never values) in X-Tollgate-DLP', async () => {
    const a = await screenAnswer(json({ card: CARD, key: SECRETS.stripe, ok: 1 }, { 'content-length': '999', 'x-origin': 'y' }), REDACT_ALL, 1024)
    const { text, response, report } = await passed(a)
    expect(JSON.parse(text)).toEqual({ card: marker('pii.card'), key: marker('secret.stripe_key'), ok: 1 })
    expect(response.headers.get('content-length')).toBeNull()
    expect(response.headers.get('x-origin')).toBe('y')
    const header = response.headers.get(DLP_HEADER)!
    expect([...parseDictionary(header).entries()].map(([k, [v]]) => [k, v])).toEqual([
      ['pii.card', 1],
      ['secret.stripe_key', 1],
    ])
    expect(header).not.toContain('4539')
    expect(report).toMatchObject({ mode: 'json', outcome: 'complete' })
    expect(a.kind === 'pass' && a.buffered).toBe(true)
  })

  it('passes a clean answer byte for byte, without the header', async () => {
    const body = '{ "products" : [ {"id": "1"} ] }'
    const { text, response } = await passed(await screenAnswer(json(body), REDACT_ALL, 1024))
    expect(text).toBe(body)
    expect(response.headers.has(DLP_HEADER)).toBe(false)
  })

  it('withholds an answer with a block finding (DLP_BLOCKED)', async () => {
    const a = await screenAnswer(json({ key: SECRETS.github_classic }), policy({ secret: 'block' }), 1024)
    expect(a).toMatchObject({ kind: 'withhold', code: 'DLP_BLOCKED' })
  })

  it('scans a "JSON" answer that is not JSON as text, leaving nothing unread', async () => {
    const { text, report } = await passed(await screenAnswer(json(`{card: ${CARD}}`), REDACT_ALL, 1024))
    expect(text).toBe(`{card: ${marker('pii.card')}}`)
    expect(report.mode).toBe('text')
  })

  it('over the bound: withheld under unscanned = block, passed untouched (all of it) under pass', async () => {
    const big = JSON.stringify({ filler: 'x'.repeat(5000), card: CARD })
    expect(await screenAnswer(json(big), REDACT_ALL, 1024)).toMatchObject({ kind: 'withhold', code: 'DLP_UNSCANNABLE' })
    expect(await screenAnswer(json(big, { 'content-length': String(big.length) }), REDACT_ALL, 1024)).toMatchObject({ kind: 'withhold', code: 'DLP_UNSCANNABLE' })
    // Streamed in small chunks with no length: read up to the bound, then the whole answer replayed.
    const chunks = big.match(/.{1,300}/g)!
    const streamed = new Response(new ReadableStream({ start: (c) => (chunks.forEach((x) => c.enqueue(new TextEncoder().encode(x))), c.close()) }), { headers: { 'content-type': 'application/json' } })
    const { text, report } = await passed(await screenAnswer(streamed, PASS, 1024))
    expect(text).toBe(big)
    expect(report).toMatchObject({ mode: 'unscanned', unscanned: 'too_large' })
  })
})

describe('screenAnswer: an origin that fails mid-answer', () => {
  it('withholds a JSON answer whose body errors (a clean 502, never a truncated document)', async () => {
    const body = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('{"rows":[1,2')), c.error(new Error('reset'))) })
    expect(await screenAnswer(new Response(body, { headers: { 'content-type': 'application/json' } }), REDACT_ALL, 1024)).toMatchObject({ kind: 'withhold', code: 'ORIGIN_UNAVAILABLE' })
  })
})

describe('screenAnswer: text and the unscannable', () => {
  it('streams text/* through the overlap window; the report comes at the end', async () => {
    const a = await screenAnswer(new Response(`a\nkey ${SECRETS.stripe}\n`, { headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': '60' } }), REDACT_ALL, 1024)
    const { text, response, report } = await passed(a)
    expect(text).toBe(`a\nkey ${marker('secret.stripe_key')}\n`)
    expect(response.headers.get('content-length')).toBeNull()
    expect(report).toMatchObject({ mode: 'stream', outcome: 'complete' })
    expect(report.tally.counts).toEqual({ 'secret.stripe_key': 1 })
  })

  it.each([
    ['binary', { 'content-type': 'application/octet-stream' }, 'media_type'],
    ['an image', { 'content-type': 'image/png' }, 'media_type'],
    ['a non-UTF-8 charset', { 'content-type': 'text/plain; charset=iso-8859-1' }, 'charset'],
    ['an encoding the runtime does not decode', { 'content-type': 'application/json', 'content-encoding': 'zstd' }, 'encoding'],
  ])('%s: withheld under block, passed untouched under pass', async (_, headers, why) => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff])
    expect(await screenAnswer(new Response(bytes, { headers }), REDACT_ALL, 1024)).toMatchObject({ kind: 'withhold', code: 'DLP_UNSCANNABLE', report: { unscanned: why } })
    const a = await screenAnswer(new Response(bytes, { headers }), PASS, 1024)
    if (a.kind !== 'pass') throw new Error('withheld')
    expect(new Uint8Array(await a.response.arrayBuffer())).toEqual(bytes)
    expect(await a.report).toMatchObject({ mode: 'unscanned', unscanned: why })
  })

  it('passes an answer without a body as is', async () => {
    const res = new Response(null, { status: 204 })
    const a = await screenAnswer(res, REDACT_ALL, 1024)
    expect(a.kind === 'pass' && a.response).toBe(res)
  })
})

describe('applyDlpToMessage (one MCP message)', () => {
  const result = (extra: Record<string, unknown> = {}) => ({
    jsonrpc: '2.0',
    id: 7,
    result: {
      content: [
        { type: 'text', text: `paid with ${CARD}` },
        { type: 'resource', resource: { uri: 'file:///r', text: `key ${SECRETS.stripe}` } },
        { type: 'resource_link', uri: 'file:///l', name: 'x', description: 'mail ana.lopez@acmeshop.dev' },
      ],
      structuredContent: { card: CARD, nested: { token: SECRETS.github_classic } },
      ...extra,
    },
  })

  it('redacts content items, resources, links and structured content; counts go to _meta', () => {
    const { message, tally } = applyDlpToMessage(result(), REDACT_ALL, 'req-1')
    const r = message['result'] as Record<string, any>
    expect(r.content[0].text).toBe(`paid with ${marker('pii.card')}`)
    expect(r.content[1].resource.text).toBe(`key ${marker('secret.stripe_key')}`)
    expect(r.content[2].description).toBe(`mail ${marker('pii.email')}`)
    expect(r.structuredContent).toEqual({ card: marker('pii.card'), nested: { token: marker('secret.github_token') } })
    expect(r._meta[DLP_META_KEY]).toEqual({ redacted: tally.redacted })
    expect(JSON.stringify(message)).not.toMatch(/4539|sk_live|ghp_|ana\.lopez/)
  })

  it('reads error messages too (stack traces leak credentials)', () => {
    const { message } = applyDlpToMessage({ jsonrpc: '2.0', id: 1, error: { code: -32000, message: 'db error postgres://app:S3cr3t-Pw@db/shop' } }, REDACT_ALL, 'r')
    expect((message['error'] as { message: string }).message).toBe(`db error postgres://app:${marker('secret.url_password')}@db/shop`)
  })

  it('turns a block finding into a JSON-RPC error DLP_BLOCKED on the same id', () => {
    const { message } = applyDlpToMessage(result(), policy({ 'pii.card': 'block' }), 'req-2')
    expect(message).toEqual({ jsonrpc: '2.0', id: 7, error: { code: -32_003, message: 'Answer withheld by data-loss policy', data: expect.objectContaining({ code: 'DLP_BLOCKED', status: 502, request_id: 'req-2' }) } })
  })

  it('leaves a clean message as the same object and ignores requests and notifications', () => {
    const clean = { jsonrpc: '2.0', id: 3, result: { content: [{ type: 'text', text: 'shipped' }] } }
    expect(applyDlpToMessage(clean, REDACT_ALL, 'r').message).toBe(clean)
    const note = { jsonrpc: '2.0', method: 'notifications/progress', params: { note: CARD } }
    expect(applyDlpToMessage(note, REDACT_ALL, 'r').message).toBe(note)
  })
})
