/**
 * @module DLP for one REST answer: choose how to read it, redact, or withhold it. Pure (no bindings).
 *
 * - JSON (`application/json`, `+json`): buffered up to `maxBytes` and redacted structurally
 *   (json-text.ts); the answer carries `X-Tollgate-DLP` with the redaction counts by detector.
 * - Text (`text/*`, SSE, NDJSON, XML, no content type): streamed through the overlap window
 *   (stream.ts); its report is known only once the stream ends.
 * - Anything DLP cannot read (over the bound, binary, a charset other than UTF-8, an encoding the
 *   runtime does not decode) follows the policy's `unscanned`: withheld, or passed untouched with
 *   a logged event. Never truncated: a passed answer is the origin's, byte for byte.
 */
import { serializeDictionary } from 'structured-headers'
import { mediaType } from '../input/media-type'
import { concatBytes } from '../input/read'
import { decodeUtf8 } from '../input/text'
import { redactJsonText } from './json-text'
import type { DlpPolicy } from './policy'
import { newTally, scanString } from './scan'
import { redactStream, type StreamOutcome } from './stream'
import type { Tally } from './types'

export const DLP_HEADER = 'x-tollgate-dlp'

export type DlpMode = 'json' | 'text' | 'stream' | 'unscanned' | 'empty'

/** What happened to one answer (for logs, analytics, the security-event log and records budgets). */
export type DlpReport = {
  readonly mode: DlpMode
  readonly tally: Tally
  /** Why the answer was not scanned (mode `unscanned`). */
  readonly unscanned?: 'too_large' | 'media_type' | 'charset' | 'encoding' | 'utf8'
  /** How a stream ended; buffered answers are `complete`. */
  readonly outcome: StreamOutcome
}

export type DlpAnswer =
  | { readonly kind: 'pass'; readonly response: Response; readonly report: Promise<DlpReport>; readonly buffered: boolean }
  | { readonly kind: 'withhold'; readonly code: 'DLP_BLOCKED' | 'DLP_UNSCANNABLE' | 'ORIGIN_UNAVAILABLE'; readonly report: DlpReport }

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json$/
const TEXT_TYPE = /^(?:text\/[a-z0-9.+-]+|application\/(?:x-ndjson|jsonl|json-seq|xml|[a-z0-9.+-]+\+xml|javascript|x-www-form-urlencoded|graphql-response\+json))$/
/** Encodings workerd decodes before the body is read (and re-applies on the way out). */
const DECODED = new Set(['', 'identity', 'gzip', 'br'])

function withBody(res: Response, body: BodyInit | null, edit?: (h: Headers) => void): Response {
  const headers = new Headers(res.headers)
  headers.delete('content-length')
  edit?.(headers)
  return new Response(body, { status: res.status, statusText: res.statusText, headers })
}

/** `secret.aws_access_key=1, pii.card=2` (RFC 9651 dictionary): counts only, never values. */
export function countsHeader(redacted: Readonly<Record<string, number>>): string {
  return serializeDictionary(new Map(Object.keys(redacted).sort().map((k) => [k, [redacted[k]!, new Map()]])))
}

type Read = { ok: true; bytes: Uint8Array } | { ok: false; prefix: Uint8Array[]; rest: ReadableStreamDefaultReader<Uint8Array> }

/**
 * Reads up to `max` bytes; past it, hands back what was read and the rest unread (never dropped),
 * which input/read.ts cannot do: it abandons an oversized request body.
 */
async function readUpTo(body: ReadableStream<Uint8Array>, max: number): Promise<Read> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    total += value.byteLength
    if (total > max) return { ok: false, prefix: chunks, rest: reader }
  }
  return { ok: true, bytes: concatBytes(chunks, total) }
}

function replay(prefix: readonly Uint8Array[], rest: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  let i = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i < prefix.length) return controller.enqueue(prefix[i++]!)
      const { done, value } = await rest.read()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    cancel: (reason) => rest.cancel(reason),
  })
}

const report = (mode: DlpMode, tally: Tally, extra: Partial<DlpReport> = {}): DlpReport => ({ mode, tally, outcome: 'complete', ...extra })

function unscanned(res: Response, policy: DlpPolicy, why: NonNullable<DlpReport['unscanned']>, body?: ReadableStream<Uint8Array>): DlpAnswer {
  const r = report('unscanned', newTally(), { unscanned: why })
  if (policy.unscanned === 'block') {
    void (body ?? res.body)?.cancel().catch(() => {})
    return { kind: 'withhold', code: 'DLP_UNSCANNABLE', report: r }
  }
  return { kind: 'pass', response: body ? withBody(res, body) : res, report: Promise.resolve(r), buffered: false }
}

export async function screenAnswer(res: Response, policy: DlpPolicy, maxBytes: number): Promise<DlpAnswer> {
  if (!res.body) return { kind: 'pass', response: res, report: Promise.resolve(report('empty', newTally())), buffered: true }
  const encoding = (res.headers.get('content-encoding') ?? '').trim().toLowerCase()
  if (!DECODED.has(encoding)) return unscanned(res, policy, 'encoding')
  const { type, charset } = mediaType(res.headers.get('content-type'))
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') return unscanned(res, policy, 'charset')
  if (JSON_TYPE.test(type)) return screenJson(res, policy, maxBytes)
  if (type !== '' && !TEXT_TYPE.test(type)) return unscanned(res, policy, 'media_type')
  const tally = newTally()
  let settle!: (r: DlpReport) => void
  const done = new Promise<DlpReport>((resolve) => (settle = resolve))
  const body = redactStream(res.body, policy, tally, (outcome) => settle(report('stream', tally, { outcome })))
  return { kind: 'pass', response: withBody(res, body), report: done, buffered: false }
}

async function screenJson(res: Response, policy: DlpPolicy, maxBytes: number): Promise<DlpAnswer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) return unscanned(res, policy, 'too_large')
  let read: Read
  try {
    read = await readUpTo(res.body!, maxBytes)
  } catch {
    // The origin failed mid-answer: nothing has gone out yet, so the agent gets a clean 502 instead
    // of a truncated JSON document.
    return { kind: 'withhold', code: 'ORIGIN_UNAVAILABLE', report: report('json', newTally(), { outcome: 'error' }) }
  }
  if (!read.ok) return unscanned(res, policy, 'too_large', replay(read.prefix, read.rest))
  const text = decodeUtf8(read.bytes)
  if (text === undefined) return unscanned(res, policy, 'utf8', new Response(read.bytes).body!)
  const tally = newTally()
  const json = redactJsonText(text, policy, tally)
  // Not JSON after all (a lenient or broken origin): every character is scanned as text instead.
  const redacted = json ?? scanString(text, {}, policy, tally)
  const r = report(json === null ? 'text' : 'json', tally)
  if (tally.worst === 'block') return { kind: 'withhold', code: 'DLP_BLOCKED', report: r }
  const changed = redacted !== text
  const response = withBody(res, changed ? redacted : read.bytes, (h) => {
    if (Object.keys(tally.redacted).length > 0) h.set(DLP_HEADER, countsHeader(tally.redacted))
  })
  return { kind: 'pass', response, report: Promise.resolve(r), buffered: true }
}
