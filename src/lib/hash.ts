/** @module 32-bit string hashing: FNV-1a with the murmur3 fmix32 finaliser. Pure. */

/** murmur3's fmix32: spreads every input bit over the whole word. */
export function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * 32-bit hash. FNV-1a alone leaves the low bits of short, sequential strings ("1", "2", …) poorly
 * mixed, so the fmix32 finaliser spreads them.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return fmix32(h)
}
