/** @module readBounded: the byte limit, lying and honest Content-Length, and no wait past a framed body. */
import { describe, expect, it } from 'vitest'
import { readBounded } from '../../../src/input/read'

/** A stream of the given chunks; `close` false leaves it open after them, as a slow client would. */
function streamOf(chunks: readonly string[], { close = true } = {}): { stream: ReadableStream<Uint8Array> } {
  const enc = new TextEncoder()
  let i = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(enc.encode(chunks[i++]))
      else if (close) controller.close()
      // else: never closes, never enqueues again
    },
  })
  return { stream }
}

const text = (r: Awaited<ReturnType<typeof readBounded>>) => (r.ok ? new TextDecoder().decode(r.bytes) : r.reason)

describe('readBounded', () => {
  it.each([
    { name: 'no Content-Length: read to the end', chunks: ['ab', 'cd'], declared: undefined, want: 'abcd' },
    { name: 'honest Content-Length in one chunk', chunks: ['abcd'], declared: 4, want: 'abcd' },
    { name: 'honest Content-Length over several chunks', chunks: ['ab', 'c', 'd'], declared: 4, want: 'abcd' },
    { name: 'declared shorter, a chunk overshoots it: read on to the end', chunks: ['abcdef'], declared: 2, want: 'abcdef' },
    { name: 'declared longer than what arrives: what arrived', chunks: ['ab'], declared: 6, want: 'ab' },
    { name: 'over the limit without a declaration', chunks: ['abcdef', 'ghijkl'], declared: undefined, want: 'too_large' },
    { name: 'declared over the limit: refused unread', chunks: ['a'], declared: 100, want: 'too_large' },
  ])('$name', async ({ chunks, declared, want }) => {
    const { stream } = streamOf(chunks)
    expect(text(await readBounded(stream, 8, declared))).toBe(want)
  })

  it('stops at exactly the declared length without waiting for the end of the stream', async () => {
    // The stream stays open after the declared bytes: waiting for its end would hang (and time out).
    const { stream } = streamOf(['{"a":', '1}', 'trailing bytes are never read'], { close: false })
    const r = await readBounded(stream, 1024, 7)
    expect(text(r)).toBe('{"a":1}')
  })

  it('a body that stalls is cut off at the deadline, and its stream cancelled', async () => {
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"a":'))
      },
      cancel() {
        cancelled = true
      },
    })
    const started = Date.now()
    expect(text(await readBounded(stream, 1024, 100, 50))).toBe('timeout')
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    expect(cancelled).toBe(true)
  })

  it('the deadline is for the whole body, not per chunk (a trickle does not reset it)', async () => {
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 20))
        if (sent++ < 50) controller.enqueue(new TextEncoder().encode('x'))
        else controller.close()
      },
    })
    expect(text(await readBounded(stream, 1024, undefined, 150))).toBe('timeout')
    expect(sent).toBeLessThan(20)
  })

  it('a body that arrives in time is unaffected by the deadline', async () => {
    const { stream } = streamOf(['ab', 'cd'])
    expect(text(await readBounded(stream, 8, undefined, 1_000))).toBe('abcd')
  })

  it('an empty body is empty', async () => {
    expect(text(await readBounded(null, 8, undefined))).toBe('')
  })
})
