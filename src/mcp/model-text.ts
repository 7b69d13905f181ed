/**
 * @module Every string of an MCP message that a client may hand to a model, located for redaction. Pure.
 *
 * The walk covers every object key and string value at every depth (titles, annotations, `_meta`,
 * schemas, structured content, error data, sampling messages …), because a client library or an
 * application may show any of them to a model. Two things are not text to a model and are skipped:
 * the base64 `data` of `image`/`audio` content, and a `blob` whose `mimeType` is image, audio, video
 * or font. Any other `blob` is decoded and its text screened (MCP resources carry text that way).
 *
 * Long strings are cut into overlapping chunks no longer than the screening cap, so every character
 * is screened however long the string is (work stays linear: each character is read at most
 * twice). Locations: a value at JSON pointer `p` is `p`, the key of the member at `p` is `key:p`,
 * the decoded text of a blob at `p` is `blob:p`.
 */
import { decodeBase64 } from '../lib/base64'
import { escapePointer } from '../screening/extract'
import { MAX_SCAN_LENGTH } from '../screening/normalize'
import type { TextItem } from '../input/body'

export const KEY = 'key:'
export const BLOB = 'blob:'

/** Overlap of consecutive chunks: far longer than any rule's match (docs/mcp.md, "Long results"). */
export const OVERLAP = 4_096

/** Invalid bytes become U+FFFD, as a client decoding the blob shows them. */
const LENIENT_UTF8 = new TextDecoder()
const BINARY_MEDIA = /^(image|audio|video|font)\//i

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A chunk start moved back to just after whitespace, so an encoded run is not cut mid-way; never inside a surrogate pair. */
function chunkStart(text: string, at: number): number {
  const floor = Math.max(0, at - OVERLAP)
  for (let i = at; i > floor; i--) if (text.charCodeAt(i - 1) <= 0x20) return i
  const c = text.charCodeAt(at)
  return c >= 0xdc00 && c <= 0xdfff ? at - 1 : at
}

/** `text` as items of at most MAX_SCAN_LENGTH characters that overlap by at least OVERLAP. */
export function chunked(location: string, text: string, out: TextItem[]): void {
  if (text.length <= MAX_SCAN_LENGTH) {
    out.push({ location, text })
    return
  }
  let start = 0
  for (;;) {
    const end = Math.min(text.length, start + MAX_SCAN_LENGTH)
    out.push({ location, text: text.slice(start, end) })
    if (end === text.length) return
    start = chunkStart(text, end - OVERLAP)
  }
}

/** Lenient base64 → UTF-8 as a client would show it; undefined when it is not base64 at all. */
export function blobText(b64: string): string | undefined {
  try {
    return LENIENT_UTF8.decode(decodeBase64(b64))
  } catch {
    return undefined
  }
}

/** Whether `key` of `obj` holds binary a model does not read as text. */
function binary(obj: Record<string, unknown>, key: string): boolean {
  if (key === 'data') return obj['type'] === 'image' || obj['type'] === 'audio'
  if (key === 'blob') return typeof obj['mimeType'] === 'string' && BINARY_MEDIA.test(obj['mimeType'])
  return false
}

/** Model-facing strings of `value`, located under `base` (a JSON pointer). Iterative: depth cannot overflow the stack. */
export function modelTexts(value: unknown, base = ''): TextItem[] {
  const out: TextItem[] = []
  const stack: Array<{ v: unknown; p: string }> = [{ v: value, p: base }]
  while (stack.length > 0) {
    const { v, p } = stack.pop()!
    if (typeof v === 'string') chunked(p, v, out)
    else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], p: `${p}/${i}` })
    } else if (isObject(v)) {
      const keys = Object.keys(v)
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!
        const ptr = `${p}/${escapePointer(k)}`
        const child = v[k]
        if (k === 'blob' && typeof child === 'string' && !binary(v, k)) chunked(`${BLOB}${ptr}`, blobText(child) ?? child, out)
        else if (!(typeof child === 'string' && binary(v, k))) stack.push({ v: child, p: ptr })
        chunked(`${KEY}${ptr}`, k, out)
      }
    }
  }
  return out
}
