/**
 * @module The MCP response path: route each JSON-RPC answer (JSON body or SSE event) to a rewriter. Pure.
 *
 * Only answers to requests Tollgate inspects on the way back (tools/list, tools/call) are parsed;
 * everything else streams through untouched. A JSON body is buffered up to `maxBytes`; an SSE
 * stream one event at a time (sse.ts). `onDone` runs exactly once when the body is finished,
 * failed or cancelled by the client, which is what frees the agent's in-flight slot.
 */
import { mediaType } from '../input/media-type'
import { readBounded } from '../input/read'
import { transformSse } from './sse'

export type RpcObject = Record<string, unknown>
/** Rewrites one JSON-RPC message from the origin; undefined leaves it as is. */
export type MessageRewriter = (message: RpcObject) => Promise<RpcObject | undefined>

export type ResponseOptions = {
  readonly rewrite: MessageRewriter
  /** Whether any answer needs rewriting at all (false: stream through, only watch for the end). */
  readonly inspect: boolean
  readonly maxBytes: number
  /** The answer when a JSON body is over `maxBytes` (it cannot be screened, so it is not forwarded). */
  readonly tooLarge: () => Response
  readonly onDone: (outcome: 'complete' | 'error' | 'cancelled') => void
}

const isObject = (v: unknown): v is RpcObject => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Rewrites a parsed JSON-RPC payload (one message or a batch); undefined when nothing changed. */
export async function rewritePayload(payload: unknown, rewrite: MessageRewriter): Promise<unknown> {
  if (Array.isArray(payload)) {
    let changed = false
    const out: unknown[] = []
    for (const m of payload) {
      const r = isObject(m) ? await rewrite(m) : undefined
      if (r) changed = true
      out.push(r ?? m)
    }
    return changed ? out : undefined
  }
  return isObject(payload) ? rewrite(payload) : undefined
}

/** The rewritten text, `undefined` when unchanged, or `null` when it is not JSON at all. */
async function rewriteText(text: string, rewrite: MessageRewriter): Promise<string | undefined | null> {
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch {
    return null
  }
  const next = await rewritePayload(payload, rewrite)
  return next === undefined ? undefined : JSON.stringify(next)
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

function withBody(res: Response, body: BodyInit | null): Response {
  const headers = new Headers(res.headers)
  headers.delete('content-length')
  return new Response(body, { status: res.status, statusText: res.statusText, headers })
}

export async function processResponse(res: Response, o: ResponseOptions): Promise<Response> {
  const { type } = mediaType(res.headers.get('content-type'))
  if (!res.body) {
    o.onDone('complete')
    return res
  }
  if (!o.inspect || res.status < 200 || res.status >= 300) return withBody(res, watchBody(res.body, o.onDone))
  if (type === 'application/json') {
    const read = await readBounded(res.body, o.maxBytes)
    if (!read.ok) {
      o.onDone('error')
      return o.tooLarge()
    }
    const text = new TextDecoder().decode(read.bytes)
    const next = await rewriteText(text, o.rewrite)
    // An awaited answer that is not even JSON (e.g. a lenient server's NaN) cannot be screened, so it
    // is not forwarded unscreened either: it is answered like an oversized one.
    if (next === null) {
      o.onDone('error')
      return o.tooLarge()
    }
    o.onDone('complete')
    return withBody(res, next ?? read.bytes)
  }
  if (type === 'text/event-stream') {
    const stream = transformSse(res.body, async ({ data }) => (data === undefined ? undefined : ((await rewriteText(data, o.rewrite)) ?? undefined)), o.maxBytes)
    return withBody(res, watchBody(stream, o.onDone))
  }
  // An answer in any other media type carries no JSON-RPC result a client would read.
  return withBody(res, watchBody(res.body, o.onDone))
}
