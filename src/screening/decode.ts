/** @module Bounded decoding of encoding layers that attackers wrap payloads in (percent, entities, escapes, base64, hex). */

/**
 * Bounds: at most `MAX_LAYERS` rounds, and output never grows past `maxLength`. Attackers nest
 * encodings (`%253Cscript`, `&amp;lt;`) to slip past single-pass filters; a decoding bomb must not
 * turn a 10 KB field into megabytes of work.
 */
export const MAX_LAYERS = 3
/** Base64/hex runs shorter than this are ids and hashes far more often than hidden text. */
const MIN_BASE64 = 16
const MIN_HEX_BYTES = 8
/** At most this many base64/hex runs are decoded per string (each costs an allocation). */
const MAX_BLOBS = 16

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false })

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ', tab: '\t', newline: '\n',
  colon: ':', semi: ';', comma: ',', period: '.', sol: '/', bsol: '\\', lpar: '(', rpar: ')',
  lsqb: '[', rsqb: ']', lbrack: '[', rbrack: ']', lcub: '{', rcub: '}', lbrace: '{', rbrace: '}',
  grave: '`', equals: '=', excl: '!', num: '#', quest: '?', percnt: '%', plus: '+', ast: '*',
  vert: '|', dollar: '$', hyphen: '-', lowbar: '_', commat: '@', hat: '^', zwj: '', zwnj: '',
}

const PERCENT = /%(?:u([0-9a-f]{4})|([0-9a-f]{2}))/gi
const PERCENT_RUN = /(?:%[0-9a-f]{2})+/gi
const ENTITY = /&(?:#x([0-9a-f]{1,6})|#(\d{1,7})|([a-z]{2,8}));?/gi
// One or more backslashes: payloads are often JSON-stringified twice ("\\u003c").
const ESCAPE = /\\+(?:u\{([0-9a-f]{1,6})\}|u([0-9a-f]{4})|x([0-9a-f]{2}))/gi
const BASE64_RUN = new RegExp(`[A-Za-z0-9+/_-]{${MIN_BASE64},}={0,2}`, 'g')
const HEX_RUN = new RegExp(`(?:0x)?(?:[0-9a-f]{2}){${MIN_HEX_BYTES},}`, 'gi')

function fromCodePoint(cp: number): string {
  return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : ''
}

/** `%3C` and `%u003C`; runs of `%XX` are decoded as UTF-8 bytes so `%E2%80%8B` becomes one character. */
export function decodePercent(s: string): string {
  if (s.indexOf('%') < 0) return s
  return s
    .replace(PERCENT_RUN, (run) => {
      const bytes = new Uint8Array(run.length / 3)
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16)
      return utf8.decode(bytes)
    })
    .replace(PERCENT, (m, u: string | undefined) => (u ? fromCodePoint(parseInt(u, 16)) : m))
}

/** Numeric (`&#x3c;`, `&#60`) and common named entities, with or without the closing `;`. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s
  return s.replace(ENTITY, (m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex) return fromCodePoint(parseInt(hex, 16))
    if (dec) return fromCodePoint(parseInt(dec, 10))
    const v = NAMED_ENTITIES[(name ?? '').toLowerCase()]
    return v === undefined ? m : v
  })
}

/** JavaScript/JSON escapes: `\u003c`, `\u{3c}`, `\x3c` (any number of leading backslashes). */
export function decodeEscapes(s: string): string {
  if (s.indexOf('\\') < 0) return s
  return s.replace(ESCAPE, (_m, braced: string | undefined, u: string | undefined, x: string | undefined) =>
    fromCodePoint(parseInt((braced ?? u ?? x) as string, 16)),
  )
}

/** Decoded text is kept only if it reads as text: mostly printable, no NULs, valid-looking UTF-8. */
function looksLikeText(t: string): boolean {
  if (t.length < 4) return false
  let printable = 0
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i)
    if (c === 0xfffd || c === 0) return false
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09 || c >= 0xa0) printable++
  }
  return printable / t.length >= 0.9
}

function decodeBase64(run: string): string | undefined {
  let b = run.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  // Require letters of both cases or digits: plain long words ("internationalization") are not base64.
  if (!/[A-Z]/.test(b) || !/[a-z0-9]/.test(b)) return undefined
  b = b.slice(0, b.length - (b.length % 4 === 1 ? 1 : 0))
  let bin: string
  try {
    bin = atob(b + '='.repeat((4 - (b.length % 4)) % 4))
  } catch {
    return undefined
  }
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  const text = utf8.decode(bytes)
  return looksLikeText(text) ? text : undefined
}

function decodeHex(run: string): string | undefined {
  const h = run.startsWith('0x') || run.startsWith('0X') ? run.slice(2) : run
  const bytes = new Uint8Array(h.length >> 1)
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16)
  const text = utf8.decode(bytes)
  return looksLikeText(text) ? text : undefined
}

/** Base64 alphabet (both variants) by ASCII code; hex digits and the `x` of `0x` are in it too. */
const BASE64_CHAR = new Uint8Array(128)
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-') BASE64_CHAR[c.charCodeAt(0)] = 1

/** One pass: is there a run of ≥ MIN_BASE64 base64 characters (which every base64 or hex run needs)? Most text has none, and then neither regex runs. */
function hasLongRun(s: string): boolean {
  let run = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 128 && BASE64_CHAR[c] === 1) {
      if (++run >= MIN_BASE64) return true
    } else run = 0
  }
  return false
}

/**
 * Base64 and hex runs are returned as extra texts rather than replacing the run: the original
 * characters may themselves be the evidence (a SQL `0x…` literal), and a false decode must not
 * erase text.
 */
export function decodeBlobs(s: string, budget: number): string[] {
  const extra: string[] = []
  if (!hasLongRun(s)) return extra
  const take = (decoded: string | undefined): void => {
    if (decoded === undefined || extra.length >= MAX_BLOBS || decoded.length > budget) return
    extra.push(decoded)
    budget -= decoded.length + 1
  }
  for (const m of s.matchAll(BASE64_RUN)) {
    if (extra.length >= MAX_BLOBS) break
    take(decodeBase64(m[0]))
  }
  for (const m of s.matchAll(HEX_RUN)) {
    if (extra.length >= MAX_BLOBS) break
    take(decodeHex(m[0]))
  }
  return extra
}

/** Text-level layers (percent, entities, escapes) to a fixed point, at most `MAX_LAYERS` rounds. */
function decodeText(s: string, maxLength: number): string {
  let cur = s
  for (let layer = 0; layer < MAX_LAYERS; layer++) {
    let next = decodeEscapes(decodeEntities(decodePercent(cur)))
    if (next.length > maxLength) next = next.slice(0, maxLength)
    if (next === cur) break
    cur = next
  }
  return cur
}

/**
 * Peel nested layers: text layers to a fixed point, then base64/hex runs, whose decoded text is
 * peeled again (`MAX_LAYERS - 1` blob levels deep) and appended on new lines. Output never exceeds
 * `maxLength`, so the work stays proportional to the input.
 */
export function decodeLayers(s: string, maxLength: number, depth = 0): string {
  const cur = decodeText(s, maxLength)
  if (depth >= MAX_LAYERS - 1) return cur
  const blobs = decodeBlobs(cur, maxLength - cur.length)
  if (blobs.length === 0) return cur
  let out = cur
  for (const b of blobs) {
    const inner = decodeLayers(b, maxLength - out.length - 1, depth + 1)
    if (out.length + 1 + inner.length > maxLength) break
    out += '\n' + inner
  }
  return out
}
