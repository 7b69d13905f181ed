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

/** Homoglyphs → ASCII, letter-spaced words joined, leetspeak folded, punctuation → single spaces. */
export function fold(plain: string): string {
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
