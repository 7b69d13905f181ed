/**
 * @module Bounded reads: a request body stream up to a byte limit and a deadline, counting real
 * bytes as they arrive; and a pass-through stream that errors past the limit.
 *
 * `Content-Length` is a hint, never trusted: a lying or missing header cannot get past the limit,
 * and an oversized body is abandoned (stream cancelled) at the first chunk over it, never buffered whole.
 * A client that stops sending (a slow-body "slowloris", or a Content-Length longer than the body on
 * a connection left open) is cut off at the deadline instead of holding the request indefinitely.
 */
import type { InputReason } from './reasons'

export type BoundedRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: Extract<InputReason, 'too_large' | 'read_error' | 'timeout'> }

/** Content-Length as a number when it is a plain decimal, else undefined (a hint, never trusted). */
export function declaredLength(headers: Headers): number | undefined {
  const v = headers.get('content-length')
  if (v === null || !/^\d{1,15}$/.test(v)) return undefined
  return Number(v)
}

/** A request's whole body, bounded by `maxBytes` and `timeoutMs` (every reader of request bodies uses this). */
export function readRequestBody(request: Request, maxBytes: number, timeoutMs: number): Promise<BoundedRead> {
  return readBounded(request.body, maxBytes, declaredLength(request.headers), timeoutMs)
}

const TIMED_OUT = Symbol('timed out')

export async function readBounded(stream: ReadableStream<Uint8Array> | null, maxBytes: number, declaredLength?: number, timeoutMs?: number): Promise<BoundedRead> {
  if (declaredLength !== undefined && declaredLength > maxBytes) {
    await stream?.cancel().catch(() => {})
    return { ok: false, reason: 'too_large' }
  }
  if (!stream) return { ok: true, bytes: new Uint8Array(0) }
  const reader = stream.getReader()
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline =
    timeoutMs === undefined
      ? undefined
      : new Promise<typeof TIMED_OUT>((resolve) => {
          timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs)
        })
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const next = deadline ? await Promise.race([reader.read(), deadline]) : await reader.read()
      if (next === TIMED_OUT) {
        // Not awaited: a stalled source may never acknowledge the cancel.
        reader.cancel().catch(() => {})
        return { ok: false, reason: 'timeout' }
      }
      const { done, value } = next
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        await reader.cancel().catch(() => {})
        return { ok: false, reason: 'too_large' }
      }
      chunks.push(value)
      // A body framed by Content-Length ends there (RFC 9112 §6.3): with exactly that many bytes
      // in, waiting for the end-of-stream signal would cost one more trip through the event loop
      // on every request. Nothing after it is read, inspected or forwarded. A body that overshoots
      // its declared length is read on to the limit as before.
      if (total === declaredLength) {
        reader.releaseLock()
        break
      }
    }
  } catch {
    return { ok: false, reason: 'read_error' }
  } finally {
    clearTimeout(timer)
  }
  return { ok: true, bytes: concatBytes(chunks, total) }
}

/** The chunks as one array (the chunk itself when there is only one). */
export function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** Streams a body through while counting; errors the stream once the limit is passed. */
export function limitStream(stream: ReadableStream<Uint8Array>, maxBytes: number, onExceeded: () => void): ReadableStream<Uint8Array> {
  let total = 0
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength
        if (total > maxBytes) {
          onExceeded()
          controller.error(new Error('body too large'))
          return
        }
        controller.enqueue(chunk)
      },
    }),
  )
}
