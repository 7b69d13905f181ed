/** @module Request bodies: content types, strict UTF-8, strict JSON, form fields; one set of reasons mapped to codes. */
import { describe, expect, it } from 'vitest'
import { isForm, parseBody } from '../../../src/input/body'
import { mediaType } from '../../../src/input/media-type'
import { INPUT_REASONS, inputDenial } from '../../../src/input/reasons'
import { decodeBase64Utf8, decodeUtf8 } from '../../../src/input/text'

const LIMITS = { maxDepth: 8, maxKeys: 50, maxStringLength: 100 }
const enc = (s: string) => new TextEncoder().encode(s)

describe('parseBody', () => {
  it.each([
    ['application/json', '{"q":"x","n":[1,"y"]}', ['q', 'n', 'x', 'y']],
    ['application/vnd.api+json; charset=utf-8', '{"q":"x"}', ['q', 'x']],
    ['application/x-www-form-urlencoded', 'q=hello+world&n=1', ['q', 'hello world', 'n', '1']],
    ['text/plain', 'just text', ['just text']],
  ])('%s extracts every string', (type, body, strings) => {
    const r = parseBody(enc(body), type, LIMITS)
    expect(r.ok && r.strings.map((s) => s.text)).toEqual(strings)
  })
  it('invalid UTF-8 is refused, not replaced', () => {
    expect(parseBody(new Uint8Array([0x22, 0xff, 0x22]), 'application/json', LIMITS)).toMatchObject({ ok: false, code: 'INVALID_UTF8' })
  })
  it('an empty body is empty', () => expect(parseBody(new Uint8Array(0), null, LIMITS)).toMatchObject({ ok: true, kind: 'empty' }))
})

describe('parseBody: reasons', () => {
  it.each([
    ['application/json', '{"q":', 'syntax'],
    ['application/json', '{"q":1,"q":2}', 'duplicate_keys'],
    ['application/json', '[[[[[[[[[[1]]]]]]]]]]', 'depth'],
    ['application/json', JSON.stringify({ s: 'x'.repeat(200) }), 'string'],
    ['application/xml', '<a/>', 'media_type'],
    [null, '{}', 'media_type'],
    ['application/json; charset=latin1', '{}', 'charset'],
    ['text/plain', 'x'.repeat(101), 'string'],
    ['application/x-www-form-urlencoded', `a=${'x'.repeat(101)}`, 'string'],
    ['application/x-www-form-urlencoded', Array.from({ length: 60 }, (_, i) => `k${i}=v`).join('&'), 'keys'],
  ])('%s %s → %s, with the code its reason maps to (syntax and duplicate_keys: MALFORMED_JSON; depth, keys, string: JSON_TOO_COMPLEX; media_type, charset: UNSUPPORTED_MEDIA_TYPE)', (type, body, reason) => {
    const r = parseBody(enc(body), type, LIMITS)
    expect(r).toEqual({ ok: false, reason, code: INPUT_REASONS[reason as keyof typeof INPUT_REASONS] })
  })

  it('a form body lists its field names (for the second-token check)', () => {
    const r = parseBody(enc('q=x&access_token=abc&q=y'), 'application/x-www-form-urlencoded; charset=UTF-8', LIMITS)
    expect(r.ok && r.kind === 'form' && [...r.names]).toEqual(['q', 'access_token'])
  })

  it('recognises form bodies by media type only', () => {
    expect(isForm('Application/X-WWW-Form-Urlencoded ; charset=utf-8')).toBe(true)
    expect(isForm('application/json')).toBe(false)
    expect(isForm(undefined)).toBe(false)
  })
})

describe('one set of reasons', () => {
  it('maps each reason to the code REST and MCP answer with', () => {
    expect(INPUT_REASONS).toEqual({
      too_large: 'BODY_TOO_LARGE',
      read_error: 'BODY_TOO_LARGE',
      timeout: 'BODY_TIMEOUT',
      media_type: 'UNSUPPORTED_MEDIA_TYPE',
      charset: 'UNSUPPORTED_MEDIA_TYPE',
      utf8: 'INVALID_UTF8',
      depth: 'JSON_TOO_COMPLEX',
      keys: 'JSON_TOO_COMPLEX',
      string: 'JSON_TOO_COMPLEX',
      duplicate_keys: 'MALFORMED_JSON',
      syntax: 'MALFORMED_JSON',
    })
  })

  it.each(Object.entries(INPUT_REASONS))('%s → %s', (reason, code) => {
    const d = inputDenial(reason as keyof typeof INPUT_REASONS, 'mcp_').denial
    expect(d).toEqual({ code, reason: `mcp_${reason}` })
  })
})

describe('text', () => {
  it('decodes UTF-8 strictly: a lone continuation byte or an overlong form is refused, not replaced', () => {
    expect(decodeUtf8(enc('héllo'))).toBe('héllo')
    expect(decodeUtf8(new Uint8Array([0x61, 0x80]))).toBeUndefined()
    expect(decodeUtf8(new Uint8Array([0xc0, 0xaf]))).toBeUndefined()
    expect(decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBeUndefined()
  })
  it('decodes standard base64 to UTF-8, or nothing', () => {
    expect(decodeBase64Utf8('aMOpbGxv')).toBe('héllo')
    expect(decodeBase64Utf8('not base64!')).toBeUndefined()
    expect(decodeBase64Utf8('gA==')).toBeUndefined()
  })
  it('reads media type and charset case-insensitively', () => {
    expect(mediaType('Application/JSON; Charset="UTF-8"')).toEqual({ type: 'application/json', charset: 'utf-8' })
    expect(mediaType(null)).toEqual({ type: '', charset: undefined })
  })
})
