/**
 * @module The MCP response path: how each answer body is read (as the SDK client reads it) and rewritten. Pure.
 *
 * `answerMode` decides from what the client will do with the body (client/streamableHttp.js):
 * - a GET stream is fed to the SSE parser whatever its media type, if the status is 2xx;
 * - a POST answer with requests is SSE or JSON by media type; any other type makes the client throw,
 *   so Tollgate answers the requests itself (refused), never forwarding an unread body;
 * - a non-2xx POST answer becomes the text of the client's error, so it is screened as text;
 * - bodies no client reads (202, DELETE, a failed GET, a POST of notifications only) are dropped.
 * A JSON body is buffered up to `maxBytes`; an SSE stream one event at a time (sse.ts). `onDone`
 * runs exactly once when the body is finished, failed or cancelled by the client, which is what
 * frees the agent's in-flight slot.
 */
import { mediaType } from '../input/media-type'
import { readBounded } from '../input/read'
import type { Json } from './envelope'
import { transformSse } from './sse'

export type AnswerMode = 'sse' | 'json' | 'text' | 'refuse' | 'empty'

/** Bytes `s` takes in UTF-8, without encoding it (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

export function answerMode(method: string, status: number, contentType: string | null, hasRequests: boolean): AnswerMode {
  const ok = status >= 200 && status < 300
  if (method === 'GET') return ok ? 'sse' : 'empty'
  if (method !== 'POST') return 'empty'
  if (!ok) return 'text'
  if (status === 202 || !hasRequests) return 'empty'
  const { type } = mediaType(contentType)
  return type === 'text/event-stream' ? 'sse' : type === 'application/json' ? 'json' : 'refuse'
}

/** The rewriting side of one exchange (the answer planner behind it). */
export type Rewriter = {
  /** One parsed message and its size in bytes: the message to emit, or undefined to drop it. */
  readonly message: (raw: unknown, bytes: number) => Promise<Json | undefined>
  /**
   * Answers still owed to this exchange's requests: after an answer too large to screen, after a
   * body that could not be read at all, or at the end (only if something was refused on the way).
   */
  readonly owed: (why: 'too_large' | 'unreadable' | 'end') => Json[]
  /** A non-2xx body as the client's error text: the body to send instead, or undefined to keep it. */
  readonly text: (text: string | undefined) => Json | undefined
}

export type ResponseOptions = {
  readonly mode: AnswerMode
  readonly rewrite: Rewriter
  readonly maxBytes: number
  readonly onDone: (outcome: 'complete' | 'error' | 'cancelled') => void
}

/** Wraps a body so `onDone` fires once at its end, error or cancellation. */
export function watchBody(body: ReadableStream<Uint8Array>, onDone: ResponseOptions['onDone']): ReadableStream<Uint8Array> {
  let done = false
  const finish = (o: 'complete' | 'error' | 'cancelled') => {
    if (done) return
    done = true
    onDone(o)
  }
  const reader = body.getReader()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: end, value } = await reader.read()
        if (end) {
          controller.close()
          finish('complete')
        } else controller.enqueue(value)
      } catch (error) {
        controller.error(error)
        finish('error')
      }
    },
    async cancel(reason) {
      finish('cancelled')
      await reader.cancel(reason).catch(() => {})
    },
  })
}

/** Statuses that cannot carry a body (Fetch: null body status). */
const NULL_BODY = new Set([101, 103, 204, 205, 304])

/** A new answer with Tollgate's body; the origin's status text is not kept (the client shows it). */
function answer(res: Response, body: BodyInit | null, contentType?: string): Response {
  const headers = new Headers(res.headers)
  headers.delete('content-length')
  if (contentType) headers.set('content-type', contentType)
  return new Response(NULL_BODY.has(res.status) ? null : body, { status: res.status, headers })
}

const jsonBody = (messages: readonly Json[], batch: boolean) => JSON.stringify(batch || messages.length !== 1 ? messages : messages[0])

/** A JSON body: every message handled; what comes back is what was screened. */
async function rewriteJson(text: string, bytes: number, rw: Rewriter): Promise<string> {
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch {
    return jsonBody(rw.owed('unreadable'), false)
  }
  const batch = Array.isArray(payload)
  const out: Json[] = []
  for (const raw of batch ? (payload as unknown[]) : [payload]) {
    const m = await rw.message(raw, bytes)
    if (m) out.push(m)
  }
  return jsonBody([...out, ...rw.owed('end')], batch)
}

export async function processResponse(res: Response, o: ResponseOptions): Promise<Response> {
  const { mode, rewrite: rw } = o
  if (mode === 'empty' || !res.body) {
    await res.body?.cancel().catch(() => {})
    o.onDone('complete')
    return answer(res, null)
  }
  if (mode === 'sse') {
    const stream = transformSse(
      res.body,
      {
        data: async (data) => {
          let raw: unknown
          try {
            raw = JSON.parse(data)
          } catch {
            raw = undefined
          }
          const m = await rw.message(raw, utf8Length(data))
          return m ? [JSON.stringify(m)] : []
        },
        tooLarge: () => rw.owed('too_large').map((m) => JSON.stringify(m)),
        end: () => rw.owed('end').map((m) => JSON.stringify(m)),
      },
      o.maxBytes,
    )
    return answer(res, watchBody(stream, o.onDone), 'text/event-stream')
  }
  if (mode === 'refuse') {
    await res.body.cancel().catch(() => {})
    o.onDone('error')
    return answer(res, jsonBody(rw.owed('unreadable'), false), 'application/json')
  }
  const read = await readBounded(res.body, o.maxBytes)
  // Decoded as the client decodes (Response.json()/text(): UTF-8, BOM dropped, bad bytes replaced).
  const text = read.ok ? new TextDecoder().decode(read.bytes) : undefined
  if (mode === 'text') {
    const replaced = rw.text(text)
    o.onDone('complete')
    return replaced ? answer(res, JSON.stringify(replaced), 'application/json') : answer(res, read.ok ? read.bytes : null)
  }
  if (text === undefined) {
    o.onDone('error')
    return answer(res, jsonBody(rw.owed('too_large'), false), 'application/json')
  }
  const body = await rewriteJson(text, read.ok ? read.bytes.byteLength : 0, rw)
  o.onDone('complete')
  return answer(res, body, 'application/json')
}
