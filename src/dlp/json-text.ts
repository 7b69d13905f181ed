/**
 * @module Structural redaction of a JSON text without re-serialising it. Pure.
 *
 * One linear pass over the text: every string token (member names included) is decoded, scanned
 * with its member name as context, and replaced by the JSON string of its redacted value only when
 * something was redacted; an integer token long enough to be a card, phone or id number is scanned
 * too and, when redacted, becomes a string. Everything else is copied byte for byte (big numbers
 * keep their digits, key order and whitespace stay), so valid JSON stays valid. Outside strings only
 * JSON's own characters may appear: anything else means the text is not JSON, and the caller scans
 * it as plain text instead, so nothing hides in a lenient or broken document.
 */
import type { DlpPolicy } from './policy'
import { scanString } from './scan'
import type { Tally } from './types'

type Frame = { readonly object: boolean; readonly key: string | undefined }

const LITERALS = ['true', 'false', 'null'] as const
/** Numbers shorter than this cannot be a card, phone or national id. */
const MIN_SCANNED_DIGITS = 7

const isNumberChar = (d: number): boolean => (d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d

function decode(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string
  } catch {
    return raw
  }
}

/** The redacted text, or null when the text is not JSON-shaped (then scan it as plain text). */
export function redactJsonText(text: string, policy: DlpPolicy, tally: Tally): string | null {
  const stack: Frame[] = []
  let expectKey = false
  let member: string | undefined
  let out = ''
  let copied = 0
  const n = text.length
  const contextKey = (): string | undefined => {
    const top = stack[stack.length - 1]
    return top === undefined ? undefined : top.object ? member : top.key
  }
  const replace = (from: number, to: number, value: string) => {
    out += text.slice(copied, from) + JSON.stringify(value)
    copied = to
  }
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22 /* " */) {
      let j = i + 1
      let escaped = false
      while (j < n) {
        const d = text.charCodeAt(j)
        if (d === 0x5c /* \ */) {
          escaped = true
          j += 2
        } else if (d === 0x22) break
        else j++
      }
      if (j >= n) return null
      const raw = text.slice(i + 1, j)
      const value = escaped ? decode(raw) : raw
      const isKey = expectKey && stack[stack.length - 1]?.object === true
      const next = scanString(value, isKey ? {} : { key: contextKey() }, policy, tally)
      if (next !== value) replace(i, j + 1, next)
      if (isKey) {
        member = value
        expectKey = false
      }
      i = j
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ object: c === 0x7b, key: contextKey() })
      expectKey = c === 0x7b
      member = undefined
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop()
      expectKey = false
    } else if (c === 0x2c /* , */) {
      expectKey = stack[stack.length - 1]?.object === true
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1
      while (j < n && isNumberChar(text.charCodeAt(j))) j++
      const token = text.slice(i, j)
      if (token.length >= MIN_SCANNED_DIGITS && /^\d+$/.test(token)) {
        const next = scanString(token, { key: contextKey() }, policy, tally)
        if (next !== token) replace(i, j, next)
      }
      i = j - 1
    } else if (c === 0x74 || c === 0x66 || c === 0x6e /* t f n */) {
      const literal = LITERALS.find((l) => text.startsWith(l, i))
      if (!literal) return null
      i += literal.length - 1
    } else if (c !== 0x3a /* : */ && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && !(i === 0 && c === 0xfeff)) {
      return null
    }
  }
  return copied === 0 ? text : out + text.slice(copied)
}
