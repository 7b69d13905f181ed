/** @module Model features: hashed character n-grams and word uni/bigrams of a normalised string, binary per block; pure and O(length). */
import { fmix32 } from '../lib/hash'
import type { Normalized } from './normalize'

/**
 * Features (the same code runs in training, scripts/screening/train-lib.ts, and at inference):
 * - character 2- to 5-grams of the `plain` view (decoded, NFKC, lower-case), with whitespace runs
 *   collapsed to one space and every digit mapped to `0` ("1=1" and "2=2" look alike);
 * - word unigrams and bigrams of the `folded` view (homoglyph, leetspeak and letter-spacing folded).
 * Each feature is hashed (FNV-1a, then a murmur3 finaliser) to a 32-bit value: the low bits pick a
 * bucket of a head's weight table, the top bit a sign (signed feature hashing, so collisions
 * cancel in expectation).
 *
 * Blocks and windows: the plain view is cut into blocks of `WINDOW_STRIDE` characters (word
 * features are placed by their proportional position). A feature counts once per block however
 * often it repeats there (binary features: a token repeated 50 times must not score √50 times
 * the token alone). A string is scored in overlapping windows of two blocks and takes the best
 * window, so one injected paragraph inside a long e-mail is not diluted by the √count
 * normalisation (model.ts). Strings up to `2 × WINDOW_STRIDE` characters are one window.
 *
 * At most `MODEL_MAX_CHARS` characters of each view are read, so the work per string is bounded
 * even though the normaliser may produce up to 2 × its cap.
 */
export const WINDOW_STRIDE = 256
/** The √count normaliser never divides by less than √MIN_NORM_COUNT: a 3-character fragment must not be amplified into a strong score by its few n-grams. */
export const MIN_NORM_COUNT = 24
export const MODEL_MAX_CHARS = 65_536

/*
 * Hashing: FNV-1a (offset 0x811c9dc5, prime 0x01000193), then fmix32 with a distinct seed per
 * feature family, so the 3-gram "abc" and the word "abc" hash apart: 2-gram 0x1b873593, 3-gram
 * 0x2c1b3c6d, 4-gram 0x297a2d39, 5-gram 0x7fb5d329, word 0x68e31da4, bigram 0x5bd1e995 (the
 * constants sit in `extract` itself, see there).
 */

/** Number of windows for a plain view of `length` characters: window j is blocks j and j + 1. */
export function windowCount(length: number): number {
  const L = Math.min(length, MODEL_MAX_CHARS)
  return Math.max(1, Math.ceil(L / WINDOW_STRIDE) - 1)
}

/** The windows a feature of block `block` counts in: `[a, b]` (b = -1 when only one). Training uses it. */
export function windowsOf(block: number, windows: number): [number, number] {
  const a = Math.min(block, windows - 1)
  return [a, block >= 1 && block - 1 !== a ? block - 1 : -1]
}

/** Character code as the char n-grams see it: whitespace → space, digits → '0'. */
function charCode(c: number): number {
  if (c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0) return 32
  if (c >= 48 && c <= 57) return 48
  return c
}

/**
 * Distinct features of one string, in the shared buffers (valid until the next `extract`): the
 * hash of each and the block it counts in (0…`windows`; the last block is window `windows - 1`'s
 * second half).
 */
export type Features = { count: number; windows: number; hashes: Uint32Array; blocks: Uint16Array }
const BUFFER: Features = { count: 0, windows: 1, hashes: new Uint32Array(4096), blocks: new Uint16Array(4096) }

/**
 * Per-block de-duplication: an open-addressing set of the block's hashes, tagged with a number
 * that changes with every block, so nothing is cleared between blocks or strings. A block holds at
 * most 4 × 256 character features or 2 × 256 word features, a quarter of the table at most.
 */
const SEEN_BITS = 12
const seenKey = new Uint32Array(1 << SEEN_BITS)
const seenTag = new Uint32Array(1 << SEEN_BITS)
let tag = 0
/** Whether `h` is new in the block tagged `t` (and remember it). The tables come in as arguments: see `extract`. */
function fresh(keys: Uint32Array, tags: Uint32Array, h: number, t: number): boolean {
  const mask = keys.length - 1
  let i = h & mask
  while (tags[i] === t) {
    if (keys[i] === h) return false
    i = (i + 1) & mask
  }
  tags[i] = t
  keys[i] = h
  return true
}
function nextTag(): number {
  if (tag === 0xffffffff) {
    seenTag.fill(0)
    tag = 0
  }
  return ++tag
}

/**
 * Compute the distinct features of one normalised string into the shared buffers (returned).
 * Linear in the length of the views: at most 4 char n-grams per character and 2 word features per
 * word.
 */
export function extract(views: Normalized): Features {
  const plain = views.plain
  const folded = views.folded
  // `| 0`: small integers, so the loops below compile to integer arithmetic.
  const endP = Math.min(plain.length, MODEL_MAX_CHARS) | 0
  const endF = Math.min(folded.length, MODEL_MAX_CHARS) | 0
  const J = windowCount(endP) | 0
  const need = 4 * endP + endF + 2
  if (BUFFER.hashes.length < need) {
    BUFFER.hashes = new Uint32Array(need)
    BUFFER.blocks = new Uint16Array(need)
  }
  // Constants are written here, not read from module scope: bundlers turn top-level `const` into
  // `var`, which the JIT cannot fold, and a module-scope load per character doubles the cost.
  const prime = 0x01000193 // FNV-1a
  const offset = 0x811c9dc5
  const H = BUFFER.hashes
  const B = BUFFER.blocks
  const keys = seenKey
  const tags = seenTag
  let count = 0
  let block = -1
  let t = 0
  let x = 0
  // Character n-grams over `plain`, whitespace runs collapsed on the fly.
  let c1 = 32, c2 = 32, c3 = 32, c4 = 32 // the previous four codes, c1 the most recent
  let seen = 0
  let prevSpace = true
  for (let i = 0; i < endP; i++) {
    const c = charCode(plain.charCodeAt(i))
    if (c === 32) {
      if (prevSpace) continue
      prevSpace = true
    } else prevSpace = false
    const k = i >>> 8 // WINDOW_STRIDE
    const blk = k < J ? k : J
    if (blk !== block) {
      block = blk
      t = nextTag()
    }
    seen++
    let h = Math.imul(offset ^ c, prime)
    if (seen >= 2) {
      h = Math.imul(h ^ c1, prime)
      if (fresh(keys, tags, (x = fmix32(h ^ 0x1b873593)), t)) (H[count] = x), (B[count++] = blk)
      if (seen >= 3) {
        h = Math.imul(h ^ c2, prime)
        if (fresh(keys, tags, (x = fmix32(h ^ 0x2c1b3c6d)), t)) (H[count] = x), (B[count++] = blk)
        if (seen >= 4) {
          h = Math.imul(h ^ c3, prime)
          if (fresh(keys, tags, (x = fmix32(h ^ 0x297a2d39)), t)) (H[count] = x), (B[count++] = blk)
          if (seen >= 5) {
            h = Math.imul(h ^ c4, prime)
            if (fresh(keys, tags, (x = fmix32(h ^ 0x7fb5d329)), t)) (H[count] = x), (B[count++] = blk)
          }
        }
      }
    }
    c4 = c3; c3 = c2; c2 = c1; c1 = c
  }
  // Word unigrams and bigrams over `folded` (already single-spaced words), placed proportionally.
  const posScale = endF > 0 ? endP / endF : 0
  let h = offset
  let prevWord = 0
  let inWord = false
  block = -1
  for (let i = 0; i <= endF; i++) {
    const c = i < endF ? folded.charCodeAt(i) : 32
    if (c === 32) {
      if (!inWord) continue
      const w = h >>> 0
      const pos = Math.max(0, Math.min(endP - 1, Math.floor((i - 1) * posScale)))
      const k = pos >>> 8
      const blk = k < J ? k : J
      if (blk !== block) {
        block = blk
        t = nextTag()
      }
      if (fresh(keys, tags, (x = fmix32(w ^ 0x68e31da4)), t)) (H[count] = x), (B[count++] = blk)
      if (prevWord !== 0 && fresh(keys, tags, (x = fmix32(Math.imul(prevWord ^ 0x5bd1e995, prime) ^ w)), t)) (H[count] = x), (B[count++] = blk)
      prevWord = w === 0 ? 1 : w
      h = offset
      inWord = false
    } else {
      h = Math.imul(h ^ c, prime)
      inWord = true
    }
  }
  BUFFER.count = count
  BUFFER.windows = J
  return BUFFER
}

/** Every distinct feature of one normalised string as (hash, block) pairs, for tools and training; returns the count. */
export function featurize(views: Normalized, sink: (h: number, block: number) => void): number {
  const f = extract(views)
  for (let i = 0; i < f.count; i++) sink(f.hashes[i]!, f.blocks[i]!)
  return f.count
}
