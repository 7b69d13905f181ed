/** @module Model features: hashed character n-grams and word uni/bigrams of a normalised string, with their positions; pure and O(length). */
import { fmix32 } from '../lib/hash'
import type { Normalized } from './normalize'

/**
 * Features (the same code runs in training, scripts/train-screening-model.ts, and at inference):
 * - character 2- to 5-grams of the `plain` view (decoded, NFKC, lower-case), with whitespace runs
 *   collapsed to one space and every digit mapped to `0` ("1=1" and "2=2" look alike);
 * - word unigrams and bigrams of the `folded` view (homoglyph, leetspeak and letter-spacing folded).
 * Each feature is hashed (FNV-1a, then a murmur3 finaliser) to a 32-bit value: the low bits pick a
 * bucket of a head's weight table, the top bit a sign (signed feature hashing, so collisions
 * cancel in expectation). Features are binary per stride block (below), and a window's sum is
 * divided by √max(its feature count, `MIN_NORM_COUNT`), a cheap stand-in for L2 normalisation that
 * needs no per-document map.
 *
 * At most `MODEL_MAX_CHARS` characters of each view are read, so the work per string is bounded
 * even though the normaliser may produce up to 2 × its cap.
 *
 * Windows: a short injection inside a long e-mail or code file would be diluted by the √n
 * normalisation, so a string is scored in overlapping windows of `2 × WINDOW_STRIDE` characters
 * (stride `WINDOW_STRIDE`; word features are placed by their proportional position) and the
 * string's margin is the maximum over its windows. Every feature lands in at most two windows, so
 * the cost stays linear. Strings up to `2 × WINDOW_STRIDE` characters are one window.
 */
export const WINDOW_STRIDE = 256
/** The √count normaliser never divides by less than √MIN_NORM_COUNT: a 3-character fragment must not be amplified into a strong score by its few n-grams. */
export const MIN_NORM_COUNT = 24
/**
 * Features are binary per stride block: a feature (by its low `DEDUP_BITS` hash bits) counts once
 * per block, however often it repeats there. Without this, a string that repeats one token 50 times
 * scores √50 times higher than the token alone (count / √n grows with repetition).
 */
export const DEDUP_BITS = 18
export const STRIDE_SHIFT = 8
export const MODEL_MAX_CHARS = 65_536

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193
/** Distinct seeds per feature family, so the 3-gram "abc" and the word "abc" hash apart. */
const SEED_2 = 0x1b873593
const SEED_3 = 0x2c1b3c6d
const SEED_4 = 0x297a2d39
const SEED_5 = 0x7fb5d329
const SEED_WORD = 0x68e31da4
const SEED_BIGRAM = 0x5bd1e995


/** Character code as the char n-grams see it: whitespace → space, digits → '0'. */
function charCode(c: number): number {
  if (c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0) return 32
  if (c >= 48 && c <= 57) return 48
  return c
}

/** Feature hashes and their positions in the plain view; `count` entries are valid until the next `extract`. */
export type Features = { count: number; hashes: Uint32Array; positions: Uint32Array }
/** Reusable feature buffers (grown on demand; the screen is synchronous, so one set suffices). */
const BUFFER: Features = { count: 0, hashes: new Uint32Array(4096), positions: new Uint32Array(4096) }

/**
 * Compute every feature hash of one normalised string into the shared buffers (returned; valid
 * until the next call). Linear in the length of the
 * views: at most 4 char n-grams per character and 2 word features per word.
 */
export function extract(views: Normalized): Features {
  const plain = views.plain
  const folded = views.folded
  const endP = Math.min(plain.length, MODEL_MAX_CHARS)
  const endF = Math.min(folded.length, MODEL_MAX_CHARS)
  const need = 4 * endP + endF + 2
  if (BUFFER.hashes.length < need) {
    BUFFER.hashes = new Uint32Array(need)
    BUFFER.positions = new Uint32Array(need)
  }
  const H = BUFFER.hashes
  const P = BUFFER.positions
  let count = 0
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
    seen++
    let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME)
    if (seen >= 2) {
      h = Math.imul(h ^ c1, FNV_PRIME)
      H[count] = fmix32(h ^ SEED_2); P[count++] = i
      if (seen >= 3) {
        h = Math.imul(h ^ c2, FNV_PRIME)
        H[count] = fmix32(h ^ SEED_3); P[count++] = i
        if (seen >= 4) {
          h = Math.imul(h ^ c3, FNV_PRIME)
          H[count] = fmix32(h ^ SEED_4); P[count++] = i
          if (seen >= 5) {
            h = Math.imul(h ^ c4, FNV_PRIME)
            H[count] = fmix32(h ^ SEED_5); P[count++] = i
          }
        }
      }
    }
    c4 = c3; c3 = c2; c2 = c1; c1 = c
  }
  // Word unigrams and bigrams over `folded` (already single-spaced words), placed proportionally.
  const posScale = endF > 0 ? endP / endF : 0
  let h = FNV_OFFSET
  let prevWord = 0
  let inWord = false
  for (let i = 0; i <= endF; i++) {
    const c = i < endF ? folded.charCodeAt(i) : 32
    if (c === 32) {
      if (!inWord) continue
      const w = h >>> 0
      const pos = Math.max(0, Math.min(endP - 1, Math.floor((i - 1) * posScale)))
      H[count] = fmix32(w ^ SEED_WORD); P[count++] = pos
      if (prevWord !== 0) {
        H[count] = fmix32(Math.imul(prevWord ^ SEED_BIGRAM, FNV_PRIME) ^ w); P[count++] = pos
      }
      prevWord = w === 0 ? 1 : w
      h = FNV_OFFSET
      inWord = false
    } else {
      h = Math.imul(h ^ c, FNV_PRIME)
      inWord = true
    }
  }
  BUFFER.count = count
  return BUFFER
}

/** Every feature of one normalised string as (hash, position) pairs, for tools and training; returns the count. */
export function featurize(views: Normalized, sink: (h: number, pos: number) => void): number {
  const f = extract(views)
  for (let i = 0; i < f.count; i++) sink(f.hashes[i]!, f.positions[i]!)
  return f.count
}
