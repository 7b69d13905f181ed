/** @module Normaliser: one pass per string turns raw input into the `plain` and `folded` views that rules read. */
import { foldHomoglyph, foldLeetToken, HAS_LEET_RE, HOMOGLYPH_RE, LEET_TOKEN_RE } from './confusables'
import { decodeLayers } from './decode'

/** Normalised views of one input string. See `Variant` in types.ts. */
export type Normalized = { readonly plain: string; readonly folded: string }

/**
 * Longest input (UTF-16 units) that is screened; the body-limit stage already caps strings, this is
 * the second line. Decoded output may grow to 2× this (base64 blobs appended).
 */
export const MAX_SCAN_LENGTH = 65_536

/**
 * Zero-width characters, bidi controls (Trojan Source, CVE-2021-42574), soft hyphen, word joiners,
 * variation selectors and the BOM: invisible, so "ig\u200Bnore" reads as "ignore" to a model but
 * not to a naive rule. Tag characters (U+E0000 block, "ASCII smuggling") are handled separately.
 */
const INVISIBLE_RE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/g
/** Unicode tag characters U+E0020–E007E mirror ASCII invisibly; map them back so the hidden text is read. */
const TAG_CHAR_RE = /[\u{e0020}-\u{e007e}]/gu
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g

/** "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e": three or more single letters split by one separator. */
const SPACED_RE = /(?<![a-z])[a-z](?:[ .\-_*|/+~][a-z](?![a-z])){2,}/g
const SPACED_SEP_RE = /[ .\-_*|/+~]/g
/** Everything that is not a letter or digit collapses to one space in the folded view. */
const NON_WORD_RE = /[^\p{L}\p{N}]+/gu

function stripInvisible(s: string): string {
  return s
    .replace(INVISIBLE_RE, '')
    .replace(CONTROL_RE, ' ')
    .replace(TAG_CHAR_RE, (c) => String.fromCharCode((c.codePointAt(0) as number) - 0xe0000))
}

/**
 * Printable ASCII plus tab, LF and CR: NFKC, NFD, the invisible, control and tag passes and the
 * homoglyph table all leave such text unchanged, so most strings skip them (same output, less work).
 */
const PLAIN_ASCII_RE = /^[\t\n\r\x20-\x7e]*$/

/** NFKC (fullwidth "ｉｇｎｏｒｅ" → "ignore", ligatures, circled letters), then invisibles out. Case is kept: base64 needs it. */
function canonical(s: string): string {
  return PLAIN_ASCII_RE.test(s) ? s : stripInvisible(s.normalize('NFKC'))
}

/**
 * ASCII classes for the one-pass fold. LETTER/DIGIT/DOLLAR make up leetspeak tokens (`[a-z0-9$]`);
 * UPPER letters are kept as word characters but, as in the regexes, are neither.
 */
const LETTER = 1
const DIGIT = 2
const DOLLAR = 3
const UPPER = 4
const SEP = 5
const ASCII_CLASS = new Uint8Array(128)
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = LETTER
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = UPPER
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = DIGIT
ASCII_CLASS[36] = DOLLAR
for (const c of ' .-_*|/+~') ASCII_CLASS[c.charCodeAt(0)] = SEP

/**
 * The folded view of printable ASCII in one pass (runs of other characters → one space, trimmed),
 * or undefined when the leetspeak or letter-spacing fold could change the text: a token that
 * mixes letters with digits or `$`, or two single letters one separator apart. Those take the
 * regex path; the result is the same either way (a unit test compares the two on random text).
 */
function foldAscii(p: string): string | undefined {
  let out = ''
  let start = -1
  let letters = false
  let leet = false
  const n = p.length
  for (let i = 0; i <= n; i++) {
    const k = i < n ? (ASCII_CLASS[p.charCodeAt(i)] as number) : 0
    if (k === LETTER) {
      letters = true
      const single = i === 0 || ASCII_CLASS[p.charCodeAt(i - 1)] !== LETTER
      if (single && i + 2 < n && ASCII_CLASS[p.charCodeAt(i + 1)] === SEP && ASCII_CLASS[p.charCodeAt(i + 2)] === LETTER && (i + 3 === n || ASCII_CLASS[p.charCodeAt(i + 3)] !== LETTER)) return undefined
    } else if (k === DIGIT || k === DOLLAR) leet = true
    else {
      if (letters && leet) return undefined
      letters = leet = false
    }
    if (k === LETTER || k === DIGIT || k === UPPER) {
      if (start < 0) start = i
    } else if (start >= 0) {
      out += out.length === 0 ? p.slice(start, i) : ' ' + p.slice(start, i)
      start = -1
    }
  }
  return out
}

/** Homoglyphs → ASCII, letter-spaced words joined, leetspeak folded, punctuation → single spaces. */
export function fold(plain: string): string {
  return (PLAIN_ASCII_RE.test(plain) ? foldAscii(plain) : undefined) ?? foldRegex(plain)
}

/** `fold` by regular expressions, for every input; exported so a test can hold the one-pass path to it. */
export function foldRegex(plain: string): string {
  let f = plain
  if (!PLAIN_ASCII_RE.test(f)) {
    f = f.replace(HOMOGLYPH_RE, foldHomoglyph)
    // Combining marks left after NFKC ("i̇gnore", Zalgo text) carry no letters: drop them.
    f = f.normalize('NFD').replace(/\p{M}+/gu, '')
  }
  f = f.replace(SPACED_RE, (m) => m.replace(SPACED_SEP_RE, ''))
  // Leetspeak folds only touch tokens with a digit or `$`.
  if (HAS_LEET_RE.test(f)) f = f.replace(LEET_TOKEN_RE, foldLeetToken)
  return f.replace(NON_WORD_RE, ' ').trim()
}

/**
 * Normalise one string once; every rule then reads one of the two views.
 * Work is linear in the input: the input is capped, decoding is bounded (decode.ts), and every
 * step is a single regex pass.
 */
export function normalize(input: string): Normalized {
  const capped = input.length > MAX_SCAN_LENGTH ? input.slice(0, MAX_SCAN_LENGTH) : input
  const first = canonical(capped)
  const decoded = decodeLayers(first, MAX_SCAN_LENGTH * 2)
  // Decoded layers may reveal fullwidth forms or invisibles of their own, so canonicalise again.
  const plain = (decoded === first ? first : canonical(decoded)).toLowerCase()
  return { plain, folded: fold(plain) }
}
