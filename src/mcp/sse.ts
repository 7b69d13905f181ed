/**
 * @module Server-sent events parsed exactly as the MCP SDK client parses them, re-emitted in one canonical framing. Pure.
 *
 * The client (@modelcontextprotocol/sdk 1.32.2, client/streamableHttp.js) decodes the body with
 * `TextDecoderStream` and splits it with `eventsource-parser` 3.1.1's `EventSourceParserStream`;
 * Tollgate uses the same decoder semantics and the same parser, so every framing (CR, LF, CRLF or
 * a mix, a BOM, `data:` without its space, multi-line data, comments, `event:` names, fields split
 * across chunks) yields the same events on both sides. What goes out is not the origin's bytes but
 * the events Tollgate read, written one way: `id:` and `data:` lines, one JSON text per event. So
 * what the client sees is exactly what was screened; an event Tollgate could not read is dropped.
 *
 * As in the client, an event is dispatched only at its blank line: a trailing event without one
 * is never delivered (the parser's stream has no flush). Only one event is ever buffered, at most
 * `maxEventChars` of it; beyond, the stream ends after the handler's answers for that case.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser'

/** Returns the JSON texts to emit for one event's data (none drops it). */
export type SseHandler = {
  readonly data: (data: string) => Promise<readonly string[]>
  /** An event over the bound: answers to emit, then the stream ends. */
  readonly tooLarge: () => readonly string[]
  /** The origin's stream ended: answers still owed. */
  readonly end: () => readonly string[]
}

type Item = { readonly kind: 'event'; readonly event: EventSourceMessage } | { readonly kind: 'retry'; readonly ms: number } | { readonly kind: 'comment' }

const encoder = new TextEncoder()

/** One canonical event: the id (kept for resumability) and one data line per JSON text. */
export function frame(data: string, id: string | undefined): string {
  return `${id ? `id: ${id}\n` : ''}data: ${data}\n\n`
}

/** An event the client would dispatch without acting on it, keeping only its id (the resume point). */
const idOnly = (id: string | undefined) => (id ? `id: ${id}\ndata:\n\n` : '')

export function transformSse(source: ReadableStream<Uint8Array>, handler: SseHandler, maxEventChars: number): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder()
  const items: Item[] = []
  let tooLarge = false
  const parser = createParser({
    onEvent: (event) => items.push({ kind: 'event', event }),
    onRetry: (ms) => items.push({ kind: 'retry', ms }),
    onComment: () => items.push({ kind: 'comment' }),
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') tooLarge = true
    },
    maxBufferSize: maxEventChars,
  })
  const drain = async (controller: TransformStreamDefaultController<Uint8Array>) => {
    let out = ''
    for (const item of items.splice(0)) {
      if (item.kind === 'comment') out += ':\n\n'
      else if (item.kind === 'retry') out += Number.isSafeInteger(item.ms) ? `retry: ${item.ms}\n\n` : ''
      else {
        const { id, event, data } = item.event
        // The client skips events without data and events named other than "message".
        const texts = data !== '' && (event === undefined || event === 'message') ? await handler.data(data) : []
        out += texts.length === 0 ? idOnly(id) : texts.map((t, i) => frame(t, i === 0 ? id : undefined)).join('')
      }
    }
    if (tooLarge) out += handler.tooLarge().map((t) => frame(t, undefined)).join('')
    if (out !== '') controller.enqueue(encoder.encode(out))
    if (tooLarge) controller.terminate()
  }
  // eventsource-parser drops a leading "\xEF\xBB\xBF" only if its first chunk holds all three
  // characters; hold them back until it does, so the outcome does not depend on the chunking.
  let head: string | undefined = ''
  const feed = (text: string, last = false) => {
    if (head !== undefined) {
      head += text
      if (head.length < 3 && !last) return
      text = head
      head = undefined
    }
    if (!tooLarge && text !== '') parser.feed(text)
  }
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      async transform(chunk, controller) {
        feed(decoder.decode(chunk, { stream: true }))
        await drain(controller)
      },
      async flush(controller) {
        feed(decoder.decode(), true)
        await drain(controller)
        if (tooLarge) return
        const owed = handler.end()
        if (owed.length > 0) controller.enqueue(encoder.encode(owed.map((t) => frame(t, undefined)).join('')))
      },
    }),
  )
}
