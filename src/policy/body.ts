/**
 * @module Request body bytes → the strings to screen and the value to validate. Pure.
 *
 * Strict decoding: UTF-8 with `fatal: true` (no replacement characters hiding bytes), a linear
 * shape pre-scan before JSON.parse so depth and key bombs never reach the parser, and an explicit
 * list of content types; anything else is refused rather than forwarded unread.
 */
import { STRICT_UTF8 } from '../lib/utf8'
import type { DenialCode } from '../errors/codes'
import { hasDuplicateKeys } from './duplicate-keys'
import { checkJsonShape, collectJsonStrings, type JsonLimits } from '../screening/extract'

export type TextItem = { readonly location: string; readonly text: string }

export type ParsedBody =
  | { readonly ok: true; readonly kind: 'json'; readonly value: unknown; readonly strings: TextItem[] }
  | { readonly ok: true; readonly kind: 'form' | 'text' | 'empty'; readonly value: undefined; readonly strings: TextItem[] }
  | { readonly ok: false; readonly code: DenialCode; readonly reason: string }

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json$/

export function mediaType(contentType: string | null): { type: string; charset: string | undefined } {
  const [type = '', ...params] = (contentType ?? '').split(';')
  const charset = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '')
  return { type: type.trim().toLowerCase(), charset }
}

export function parseBody(bytes: Uint8Array, contentType: string | null, limits: JsonLimits): ParsedBody {
  if (bytes.byteLength === 0) return { ok: true, kind: 'empty', value: undefined, strings: [] }
  const { type, charset } = mediaType(contentType)
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return { ok: false, code: 'UNSUPPORTED_MEDIA_TYPE', reason: 'charset' }
  const isJson = JSON_TYPE.test(type)
  if (!isJson && type !== 'application/x-www-form-urlencoded' && type !== 'text/plain') {
    return { ok: false, code: 'UNSUPPORTED_MEDIA_TYPE', reason: `type:${type.slice(0, 40) || 'none'}` }
  }
  let text: string
  try {
    text = STRICT_UTF8.decode(bytes)
  } catch {
    return { ok: false, code: 'INVALID_UTF8', reason: 'utf8' }
  }
  if (type === 'text/plain') {
    return text.length > limits.maxStringLength
      ? { ok: false, code: 'JSON_TOO_COMPLEX', reason: 'string' }
      : { ok: true, kind: 'text', value: undefined, strings: [{ location: 'body', text }] }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const strings: TextItem[] = []
    for (const [k, v] of new URLSearchParams(text)) {
      if (k.length > limits.maxStringLength || v.length > limits.maxStringLength) return { ok: false, code: 'JSON_TOO_COMPLEX', reason: 'string' }
      strings.push({ location: `form:${k.slice(0, 64)}#key`, text: k }, { location: `form:${k.slice(0, 64)}`, text: v })
      if (strings.length > limits.maxKeys * 2) return { ok: false, code: 'JSON_TOO_COMPLEX', reason: 'keys' }
    }
    return { ok: true, kind: 'form', value: undefined, strings }
  }
  const shape = checkJsonShape(text, limits)
  if (!shape.ok) return { ok: false, code: 'JSON_TOO_COMPLEX', reason: shape.reason }
  if (hasDuplicateKeys(text)) return { ok: false, code: 'MALFORMED_JSON', reason: 'duplicate_keys' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, code: 'MALFORMED_JSON', reason: 'json' }
  }
  return { ok: true, kind: 'json', value, strings: collectJsonStrings(value) }
}
