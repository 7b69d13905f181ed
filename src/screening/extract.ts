/** @module String extraction from JSON: a linear shape pre-scan (depth, keys, string length) and a pointer-locating walk. */

export type JsonLimits = { readonly maxDepth: number; readonly maxKeys: number; readonly maxStringLength: number }

/** Defaults for an API body: deep enough for real payloads, far below what a parser bomb needs. */
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 32, maxKeys: 10_000, maxStringLength: 65_536 }

export type ShapeCheck = { ok: true } | { ok: false; reason: 'depth' | 'keys' | 'string' }

/**
 * One linear pass over raw JSON text BEFORE `JSON.parse`. A depth bomb (`[[[[…` 100k deep) or a
 * key bomb would otherwise reach the parser's recursion and our walk; here they cost one counter.
 * It tracks only string state, so malformed JSON passes through and `JSON.parse` rejects it.
 * `maxKeys` counts object members and array elements together (both are work for the walk).
 * String length is measured in raw characters (escapes counted as written): a conservative bound.
 */
export function checkJsonShape(text: string, limits: JsonLimits): ShapeCheck {
  let depth = 0
  let members = 0
  let inString = false
  let stringStart = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c /* \ */) i++
      else if (c === 0x22 /* " */) {
        inString = false
        if (i - stringStart - 1 > limits.maxStringLength) return { ok: false, reason: 'string' }
      }
      continue
    }
    if (c === 0x22) {
      inString = true
      stringStart = i
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limits.maxDepth) return { ok: false, reason: 'depth' }
      // An opened container with content counts its first member; each comma counts one more.
      members++
      if (members > limits.maxKeys) return { ok: false, reason: 'keys' }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--
    } else if (c === 0x2c /* , */) {
      if (++members > limits.maxKeys) return { ok: false, reason: 'keys' }
    }
  }
  if (inString && text.length - stringStart - 1 > limits.maxStringLength) return { ok: false, reason: 'string' }
  return { ok: true }
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function escapePointer(token: string): string {
  return token.indexOf('~') < 0 && token.indexOf('/') < 0 ? token : token.replace(/~/g, '~0').replace(/\//g, '~1')
}

/**
 * Every string value AND every object key at any depth, located by RFC 6901 JSON pointer. Keys
 * are screened too: injections hide in attacker-chosen property names. A key is reported at the
 * pointer of its member, before the values of that object. Iterative (explicit stack), so even an unchecked deep value cannot
 * overflow the call stack.
 */
export function collectJsonStrings(value: unknown): Array<{ location: string; text: string }> {
  const out: Array<{ location: string; text: string }> = []
  const stack: Array<{ v: unknown; p: string }> = [{ v: value, p: '' }]
  while (stack.length > 0) {
    const { v, p } = stack.pop() as { v: unknown; p: string }
    if (typeof v === 'string') {
      out.push({ location: p, text: v })
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], p: `${p}/${i}` })
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v)
      const children: Array<{ v: unknown; p: string }> = []
      for (const k of keys) {
        const ptr = `${p}/${escapePointer(k)}`
        out.push({ location: ptr, text: k })
        children.push({ v: (v as Record<string, unknown>)[k], p: ptr })
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as { v: unknown; p: string })
    }
  }
  return out
}
