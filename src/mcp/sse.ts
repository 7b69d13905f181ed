/**
 * @module Server-sent events, one event at a time: split, let a handler rewrite `data`, re-emit. Pure.
 *
 * Only one event is ever buffered, and at most `maxEventBytes` of it (DESIGN.md: only a bounded
 * MCP result being screened may be buffered). An event over the bound ends the stream with an
 * error instead of being forwarded unscreened. Events the handler leaves alone are re-emitted
 * byte for byte, so comments, ids and retry fields (resumability) survive.
 */

export type SseEvent = {
  /** The joined `data` lines (WHATWG HTML §9.2.6), or undefined for an event without data. */
  readonly data: string | undefined
}

/** Returns replacement data for the event, or undefined to pass it through unchanged. */
export type SseHandler = (event: SseEvent) => Promise<string | undefined> | string | undefined

const BOUNDARY = /\r\n\r\n|\n\n|\r\r/

export class SseEventTooLarge extends Error {
  override name = 'SseEventTooLarge'
}

function dataOf(block: string): string | undefined {
  const lines: string[] = []
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (line === 'data' || line.startsWith('data:')) {
      const v = line.slice(5)
      lines.push(v.startsWith(' ') ? v.slice(1) : v)
    }
  }
  return lines.length > 0 ? lines.join('\n') : undefined
}

/** The event with its data lines replaced by `data` (other fields kept in place). */
export function rewriteEvent(block: string, data: string): string {
  const out: string[] = []
  let written = false
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (line === 'data' || line.startsWith('data:')) {
      if (!written) for (const d of data.split('\n')) out.push(`data: ${d}`)
      written = true
    } else out.push(line)
  }
  return out.join('\n')
}

export function transformSse(source: ReadableStream<Uint8Array>, handle: SseHandler, maxEventBytes: number): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder()
  const encoder = new TextEncoder()
  let buffer = ''
  const emit = async (block: string, sep: string, controller: TransformStreamDefaultController<Uint8Array>) => {
    const data = dataOf(block)
    const replacement = data === undefined ? undefined : await handle({ data })
    controller.enqueue(encoder.encode((replacement === undefined ? block : rewriteEvent(block, replacement)) + sep))
  }
  const drain = async (controller: TransformStreamDefaultController<Uint8Array>) => {
    for (;;) {
      const m = BOUNDARY.exec(buffer)
      if (!m) break
      const block = buffer.slice(0, m.index)
      buffer = buffer.slice(m.index + m[0].length)
      await emit(block, m[0], controller)
    }
    // Characters, not bytes: a UTF-16 length ≤ bytes ≤ 3 × length; the bound stays conservative enough.
    if (buffer.length > maxEventBytes) throw new SseEventTooLarge(`sse event over ${maxEventBytes} bytes`)
  }
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      async transform(chunk, controller) {
        buffer += decoder.decode(chunk, { stream: true })
        await drain(controller)
      },
      async flush(controller) {
        buffer += decoder.decode()
        await drain(controller)
        // A final event without its blank line is dispatched by no client (WHATWG §9.2.6), but it is
        // screened like the others all the same, and goes out without a separator as it came.
        if (buffer.length > 0) await emit(buffer, '', controller)
      },
    }),
  )
}
