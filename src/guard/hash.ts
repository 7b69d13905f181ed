/** @module Short stable keys for strings (endpoints, transitions, resource ids): FNV-1a + a murmur3 finaliser. Pure. */

/**
 * 32-bit hash. FNV-1a alone leaves the low bits of short, sequential strings ("1", "2", …) poorly
 * mixed, and the sketch indexes bits by the low byte, so the murmur3 fmix32 finaliser spreads them.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * A key of at most 7 characters for a string of any length, so the stored profile never grows with
 * endpoint names. Collisions (2^-32 per pair) only merge two endpoints' counts: harmless.
 */
export const keyOf = (text: string): string => hash32(text).toString(36)
