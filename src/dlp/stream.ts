/**
 * @module Redaction of a streamed text answer (text/*, SSE, NDJSON) in bounded memory. Pure.
 *
 * Text is emitted up to a cut and the rest held back for the next chunk. The cut is the end of the
 * last complete line (no single-line secret spans a newline, so SSE events and NDJSON records go out
 * as soon as their line ends), or, within one long line, `STREAM_WINDOW` characters before the end:
 * the window is longer than any match, so a secret split anywhere across chunks is found whole. A
 * finding that crosses the cut or reaches the end of what has arrived (a PEM key still arriving)
 * moves the cut back to where it starts. Memory: the held text stays under the window, plus at most
 * one incoming chunk. Each held character is rescanned at most until it is emitted, and a long line
 * is only rescanned once twice the window has arrived, so the work stays linear.
 *
 * A `block` finding cannot withdraw what was already sent: the stream is aborted with an error, so
 * the client sees a failed answer, never a silently truncated one.
 */
import { MAX_MATCH_LENGTH } from './catalog'
import type { DlpPolicy } from './policy'
import { applyFindings, findAll } from './scan'
import type { Tally } from './types'
import { watchBody } from '../mcp/respond'

/** Characters held back within one line; longer than the longest match any detector reports. */
export const STREAM_WINDOW = Math.ceil((MAX_MATCH_LENGTH + 1) / 1024) * 1024

export type StreamOutcome = 'complete' | 'blocked' | 'unscannable' | 'error' | 'cancelled'

export class DlpStreamBlocked extends Error {
  override name = 'DlpStreamBlocked'
}

/** Where the text may be cut now: 0 means hold everything. */
export function safeCut(buffer: string, findings: readonly { start: number; end: number }[]): number {
  let cut = Math.max(buffer.lastIndexOf('\n') + 1, buffer.length - STREAM_WINDOW)
  for (const f of findings) if (f.start < cut && (f.end > cut || f.end === buffer.length)) cut = Math.min(cut, f.start)
  return Math.max(0, cut)
}

export function redactStream(
  source: ReadableStream<Uint8Array>,
  policy: DlpPolicy,
  tally: Tally,
  onDone: (outcome: StreamOutcome) => void,
): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  const encoder = new TextEncoder()
  let buffer = ''
  /** Why the transform failed, when it was DLP's doing (the watcher only sees "error"). */
  let failure: StreamOutcome | undefined
  /** Scans the buffer and returns the text that may go out now (all of it at the end). */
  const drain = (final: boolean): string => {
    if (!final && buffer.indexOf('\n') < 0 && buffer.length < 2 * STREAM_WINDOW) return ''
    const findings = findAll(buffer, {}, policy)
    const cut = final ? buffer.length : safeCut(buffer, findings)
    if (cut === 0) return ''
    const head = buffer.slice(0, cut)
    buffer = buffer.slice(cut)
    const out = applyFindings(head, findings.filter((f) => f.end <= cut), policy, tally)
    if (tally.worst === 'block') throw new DlpStreamBlocked('a finding with action block')
    return out
  }
  const step = (controller: TransformStreamDefaultController<Uint8Array>, final: boolean, chunk?: Uint8Array) => {
    try {
      buffer += final ? decoder.decode() : decoder.decode(chunk, { stream: true })
      const text = drain(final)
      if (text.length > 0) controller.enqueue(encoder.encode(text))
    } catch (error) {
      failure = error instanceof DlpStreamBlocked ? 'blocked' : 'unscannable'
      throw error
    }
  }
  const transformed = source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, controller) => step(controller, false, chunk),
      flush: (controller) => step(controller, true),
    }),
  )
  return watchBody(transformed, (o) => onDone(o === 'error' && failure ? failure : o))
}
