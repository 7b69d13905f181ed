/**
 * @module Strict JSON: one linear scan for shape limits and duplicate member names, then JSON.parse. Pure.
 *
 * The scan runs before `JSON.parse`, so a depth bomb (`[[[[…` 100k deep) or a key bomb costs one
 * counter, never the parser's recursion. Duplicate names are refused (RFC 8259 §4 leaves their
 * meaning to the parser: JSON.parse keeps the last, many origins the first, and a screen that
 * reads one copy while the origin acts on the other is a parser-differential bypass; RFC 7519 §4
 * says the same for JWT claims). One pass does both; a limit outranks a duplicate wherever each
 * occurs, as when they were two passes. Malformed text is left to JSON.parse to refuse.
 */

export type JsonLimits = { readonly maxDepth: number; readonly maxKeys: number; readonly maxStringLength: number }

/** Defaults for an API body: deep enough for real payloads, far below what a parser bomb needs. */
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 32, maxKeys: 10_000, maxStringLength: 65_536 }

/** No shape limits: for text already bounded another way (a JWT segment under MAX_TOKEN_LENGTH). */
export const UNLIMITED_JSON: JsonLimits = { maxDepth: Infinity, maxKeys: Infinity, maxStringLength: Infinity }

export type JsonReason = 'depth' | 'keys' | 'string' | 'duplicate_keys' | 'syntax'
export type JsonScan = { readonly ok: true } | { readonly ok: false; readonly reason: Exclude<JsonReason, 'syntax'> }
export type JsonParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: JsonReason }

const OK: JsonScan = { ok: true }

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09

/**
 * `maxKeys` counts object members and array elements together (both are work for later walks);
 * string length is measured in raw characters (escapes counted as written): a conservative bound.
 * `duplicates: 'top-level'` checks only the outermost object's names (a JWT claim set).
 */
export function scanJson(text: string, limits: JsonLimits, duplicates: 'all' | 'top-level' = 'all'): JsonScan {
  let depth = 0
  let members = 0
  let stringStart = -1
  let escaped = false
  let duplicate = false
  /** Member names per open container (null for arrays), while no duplicate has been found. */
  const names: Array<Set<string> | null> = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (stringStart >= 0) {
      if (c === 0x5c /* \ */) {
        escaped = true
        i++
      } else if (c === 0x22 /* " */) {
        if (i - stringStart - 1 > limits.maxStringLength) return { ok: false, reason: 'string' }
        const open = names[names.length - 1]
        if (!duplicate && open && (duplicates === 'all' || names.length === 1)) {
          let k = i + 1
          while (k < text.length && isSpace(text.charCodeAt(k))) k++
          if (text.charCodeAt(k) === 0x3a /* : */) {
            const name = escaped ? unescape(text.slice(stringStart, i + 1)) : text.slice(stringStart + 1, i)
            if (name !== undefined && open.has(name)) duplicate = true
            else if (name !== undefined) open.add(name)
          }
        }
        stringStart = -1
      }
      continue
    }
    if (c === 0x22) {
      stringStart = i
      escaped = false
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limits.maxDepth) return { ok: false, reason: 'depth' }
      // An opened container with content counts its first member; each comma counts one more.
      if (++members > limits.maxKeys) return { ok: false, reason: 'keys' }
      if (!duplicate) names.push(c === 0x7b ? new Set() : null)
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--
      if (!duplicate) names.pop()
    } else if (c === 0x2c /* , */) {
      if (++members > limits.maxKeys) return { ok: false, reason: 'keys' }
    }
  }
  if (stringStart >= 0 && text.length - stringStart - 1 > limits.maxStringLength) return { ok: false, reason: 'string' }
  return duplicate ? { ok: false, reason: 'duplicate_keys' } : OK
}

/** A quoted name with escapes, decoded as the parser will; undefined when malformed (JSON.parse refuses it later). */
function unescape(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string
  } catch {
    return undefined
  }
}

/** Scan, then parse: the value, or the first reason it was refused. */
export function parseJson(text: string, limits: JsonLimits): JsonParse {
  const scan = scanJson(text, limits)
  if (!scan.ok) return scan
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, reason: 'syntax' }
  }
}
