/**
 * @module SSE differential: Tollgate's parser and the MCP SDK client's pipeline see the same events.
 *
 * The client pipeline is the SDK's own (client/streamableHttp.js): `TextDecoderStream` then
 * `EventSourceParserStream` from eventsource-parser 3.1.1, and of the events only those it acts on
 * (data present, no event name or "message"; ids as resume points; retry values). Random framings
 * (CR, LF, CRLF mixed, BOM, `data:` with and without its space, multi-line data, comments, names,
 * ids, retry, unknown fields, bare field names) are cut into random byte chunks (splitting UTF-8
 * sequences too). Properties: (1) the messages Tollgate screens are exactly the messages the client
 * would act on; (2) the client, reading Tollgate's re-framed output, acts on exactly those messages
 * with the same resume points and retry values.
 */
import fc from 'fast-check'
import { EventSourceParserStream } from 'eventsource-parser/stream'
import { describe, expect, it } from 'vitest'
import { transformSse } from '../../../src/mcp/sse'

type Action = { readonly resume: string } | { readonly message: string } | { readonly retry: number }

/** What the SDK client does with a byte stream. */
async function client(chunks: readonly Uint8Array[]): Promise<Action[]> {
  const actions: Action[] = []
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(ch)
      c.close()
    },
  })
  const reader = source
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream({ onRetry: (ms) => actions.push({ retry: ms }) }))
    .getReader()
  for (;;) {
    const { value: event, done } = await reader.read()
    if (done) break
    if (event.id) actions.push({ resume: event.id })
    if (!event.data) continue
    if (!event.event || event.event === 'message') actions.push({ message: event.data })
  }
  return actions
}

/** Tollgate over the same chunks: the data it hands to screening, and its output bytes. */
async function tollgate(chunks: readonly Uint8Array[]): Promise<{ seen: string[]; output: Uint8Array }> {
  const seen: string[] = []
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(ch)
      c.close()
    },
  })
  // The handler re-encodes data as a JSON string, as the real one emits JSON texts.
  const out = transformSse(source, { data: async (d) => (seen.push(d), [JSON.stringify(d)]), tooLarge: () => [], end: () => [] }, 1 << 20)
  return { seen, output: new Uint8Array(await new Response(out).arrayBuffer()) }
}

const EOL = fc.constantFrom('\n', '\r', '\r\n')
/** Values without line breaks: ASCII, spaces, colons, NUL, accents, astral characters. */
const VALUE = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', '{', '"', '1', '\0', 'é', '€', '😀', 'ï', '»', '¿'), maxLength: 12 })
const SPACE = fc.constantFrom('', ' ', '  ')
const LINE = fc.oneof(
  fc.tuple(fc.constantFrom('data', 'event', 'id', 'retry', 'foo'), SPACE, VALUE).map(([f, s, v]) => `${f}:${s}${v}`),
  fc.tuple(SPACE, fc.nat({ max: 99_999 })).map(([s, n]) => `retry:${s}${n}`),
  fc.constantFrom('data', 'event', 'id', ''),
  VALUE.map((v) => `:${v}`),
  fc.constant('data: {"jsonrpc":"2.0","id":1,"result":{}}'),
)
const STREAM = fc
  .tuple(fc.constantFrom('', '\uFEFF', 'ï»¿'), fc.array(fc.tuple(LINE, EOL), { maxLength: 30 }))
  .map(([bom, lines]) => bom + lines.map(([l, e]) => l + e).join(''))

/** Random cuts of the encoded stream; the first chunk holds at least the first three characters. */
function cut(bytes: Uint8Array, points: readonly number[]): Uint8Array[] {
  const min = Math.min(bytes.length, 12)
  const at = [...new Set(points.map((p) => min + (p % Math.max(1, bytes.length - min + 1))))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let prev = 0
  for (const p of [...at, bytes.length]) {
    if (p > prev) out.push(bytes.slice(prev, p))
    prev = p
  }
  return out
}

const messages = (a: readonly Action[]) => a.flatMap((x) => ('message' in x ? [x.message] : []))
/** Messages and resume points in order; retry values apart (the parser reports them synchronously, ahead of queued events). */
const view = (a: readonly Action[]) => ({ events: a.filter((x) => !('retry' in x)), retries: a.flatMap((x) => ('retry' in x ? [x.retry] : [])) })

describe('SSE differential against the SDK client pipeline', () => {
  it('screens exactly what the client would act on, and the client acts on exactly that after re-framing', async () => {
    await fc.assert(
      fc.asyncProperty(STREAM, fc.array(fc.nat(), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 8 }), async (text, cuts, recuts) => {
        const bytes = new TextEncoder().encode(text)
        const direct = await client(cut(bytes, cuts))
        const { seen, output } = await tollgate(cut(bytes, cuts))
        expect(seen).toEqual(messages(direct))
        const via = await client(cut(output, recuts))
        const decoded = via.map((a) => ('message' in a ? { message: JSON.parse(a.message) as string } : a))
        expect(view(decoded)).toEqual(view(direct))
      }),
      { numRuns: 400 },
    )
  }, 60_000)

  it.each([
    ['mixed line endings split events (issue 12, item 1)', 'data: a\n\r\ndata: b\r\rdata: c\r\n\r\n', ['a', 'b', 'c']],
    ['CR only (a CR ending the stream is held: it may start a CRLF)', 'data: a\rdata: b\r\r\r', ['a\nb']],
    ['BOM', '\uFEFFdata: a\n\n', ['a']],
    ['data without its space, multi-line', 'data:a\ndata:  b\n\n', ['a\n b']],
    ['a comment between data lines', 'data: a\n: hidden\ndata: b\n\n', ['a\nb']],
    ['a named event is not a message', 'event: ping\ndata: a\n\nevent: message\ndata: b\n\n', ['b']],
  ])('%s', async (_, text, want) => {
    const bytes = new TextEncoder().encode(text)
    for (let i = 1; i < bytes.length; i++) {
      const chunks = [bytes.slice(0, i), bytes.slice(i)]
      expect(messages(await client(chunks))).toEqual(want)
      expect((await tollgate(chunks)).seen).toEqual(want)
    }
  })
})
