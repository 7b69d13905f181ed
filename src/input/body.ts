/**
 * @module Request body bytes → the strings to screen and the value to validate. Pure.
 *
 * Strict decoding: UTF-8 or nothing (text.ts), JSON through the one scan-then-parse (json.ts), and
 * an explicit list of content types; anything else is refused rather than forwarded unread.
 */
import { collectJsonStrings } from '../screening/extract'
import { parseJson, type JsonLimits } from './json'
import { mediaType } from './media-type'
import { INPUT_REASONS, type InputReason } from './reasons'
import { decodeUtf8 } from './text'

export type TextItem = { readonly location: string; readonly text: string }

export type ParsedBody =
  | { readonly ok: true; readonly kind: 'json'; readonly value: unknown; readonly strings: TextItem[] }
  /** A form body also lists its field names (auth/bearer.ts looks for `access_token`). */
  | { readonly ok: true; readonly kind: 'form'; readonly value: undefined; readonly strings: TextItem[]; readonly names: ReadonlySet<string> }
  | { readonly ok: true; readonly kind: 'text' | 'empty'; readonly value: undefined; readonly strings: TextItem[] }
  | { readonly ok: false; readonly code: (typeof INPUT_REASONS)[InputReason]; readonly reason: InputReason }

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json$/
export const FORM_TYPE = 'application/x-www-form-urlencoded'

const refuse = (reason: InputReason): ParsedBody => ({ ok: false, code: INPUT_REASONS[reason], reason })

/** Whether a Content-Type is a form body (read even on routes that inspect nothing: it may carry a token). */
export const isForm = (contentType: string | null | undefined): boolean => mediaType(contentType).type === FORM_TYPE

export function parseBody(bytes: Uint8Array, contentType: string | null, limits: JsonLimits): ParsedBody {
  if (bytes.byteLength === 0) return { ok: true, kind: 'empty', value: undefined, strings: [] }
  const { type, charset } = mediaType(contentType)
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return refuse('charset')
  const isJson = JSON_TYPE.test(type)
  if (!isJson && type !== FORM_TYPE && type !== 'text/plain') return refuse('media_type')
  const text = decodeUtf8(bytes)
  if (text === undefined) return refuse('utf8')
  if (type === 'text/plain') {
    return text.length > limits.maxStringLength ? refuse('string') : { ok: true, kind: 'text', value: undefined, strings: [{ location: 'body', text }] }
  }
  if (type === FORM_TYPE) {
    const strings: TextItem[] = []
    const names = new Set<string>()
    for (const [k, v] of new URLSearchParams(text)) {
      if (k.length > limits.maxStringLength || v.length > limits.maxStringLength) return refuse('string')
      strings.push({ location: `form:${k.slice(0, 64)}#key`, text: k }, { location: `form:${k.slice(0, 64)}`, text: v })
      names.add(k)
      if (strings.length > limits.maxKeys * 2) return refuse('keys')
    }
    return { ok: true, kind: 'form', value: undefined, strings, names }
  }
  const parsed = parseJson(text, limits)
  if (!parsed.ok) return refuse(parsed.reason)
  return { ok: true, kind: 'json', value: parsed.value, strings: collectJsonStrings(parsed.value) }
}
