/** @module String extraction from JSON: a pointer-locating walk over every key and string value (limits are checked before parsing: input/json.ts). */

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
