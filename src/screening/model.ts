/** @module Learned screening model: hashed character/word n-gram features and linear heads (logistic regression), pure and O(length). */
import { fmix32, hash32 } from '../lib/hash'
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
const DEDUP_MASK = (1 << DEDUP_BITS) - 1
let STAMPS = new Uint32Array(1 << DEDUP_BITS)
let nextStamp = 1
const STRIDE_SHIFT = 8
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

/** Reusable feature buffers (grown on demand; the screen is synchronous, so one set suffices). */
let HASHES = new Uint32Array(4096)
let POSITIONS = new Uint32Array(4096)

/**
 * Compute every feature hash of one normalised string into the shared buffers; returns the count.
 * `HASHES[i]` / `POSITIONS[i]` are valid until the next call. Linear in the length of the
 * views: at most 4 char n-grams per character and 2 word features per word.
 */
export function extract(views: Normalized): number {
  const plain = views.plain
  const folded = views.folded
  const endP = Math.min(plain.length, MODEL_MAX_CHARS)
  const endF = Math.min(folded.length, MODEL_MAX_CHARS)
  const need = 4 * endP + endF + 2
  if (HASHES.length < need) {
    HASHES = new Uint32Array(need)
    POSITIONS = new Uint32Array(need)
  }
  const H = HASHES
  const P = POSITIONS
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
  return count
}

/** Every feature of one normalised string as (hash, position) pairs, for tools and training; returns the count. */
export function featurize(views: Normalized, sink: (h: number, pos: number) => void): number {
  const n = extract(views)
  for (let i = 0; i < n; i++) sink(HASHES[i]!, POSITIONS[i]!)
  return n
}

/** One linear head, decoded: `p = σ(plattA · (bias + scale · Σ qᵢ·xᵢ) + plattB)` with int8 weights `q`. */
export type Head = {
  /** Stable finding id, e.g. `NN-001`. */
  readonly id: string
  /** What the head recognises, for docs and logs. */
  readonly name: string
  readonly bits: number
  /** int8 weights (kept int8: a 64 KiB table stays in cache; sums are exact integers). */
  readonly weights: Int8Array
  readonly scale: number
  readonly bias: number
  readonly plattA: number
  readonly plattB: number
  /** Calibrated probabilities below this produce no finding (noise floor). */
  readonly minProbability: number
}

/** Serialised head, as emitted by the training script into model-weights.ts (int8 + one scale). */
export type SerializedHead = {
  readonly id: string
  readonly name: string
  readonly bits: number
  readonly scale: number
  readonly bias: number
  readonly plattA: number
  readonly plattB: number
  readonly minProbability: number
  /** base64 of an Int8Array of length 2^bits. */
  readonly int8: string
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64_INDEX: Int16Array = (() => {
  const t = new Int16Array(128).fill(-1)
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i
  return t
})()

/** Plain base64 decoder (no atob, no Buffer: identical in Node and workerd). */
export function base64ToBytes(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let acc = 0
  let o = 0
  for (let i = 0; i < clean.length; i++) {
    const v = B64_INDEX[clean.charCodeAt(i) & 127] ?? -1
    if (v < 0) throw new Error('invalid base64 in model weights')
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >>> bits) & 0xff
    }
  }
  return out
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number
    const b = i + 1 < bytes.length ? (bytes[i + 1] as number) : 0
    const c = i + 2 < bytes.length ? (bytes[i + 2] as number) : 0
    const n = (a << 16) | (b << 8) | c
    s += B64[(n >>> 18) & 63]! + B64[(n >>> 12) & 63]!
    s += i + 1 < bytes.length ? B64[(n >>> 6) & 63]! : '='
    s += i + 2 < bytes.length ? B64[n & 63]! : '='
  }
  return s
}

/** Decode a serialised head once (base64 → Int8Array; the scale is applied to each window's integer sum). */
export function decodeHead(h: SerializedHead): Head {
  const bytes = base64ToBytes(h.int8)
  const size = 1 << h.bits
  if (bytes.length !== size) throw new Error(`model head ${h.id}: expected ${size} weights, got ${bytes.length}`)
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length)
  return { id: h.id, name: h.name, bits: h.bits, weights, scale: h.scale, bias: h.bias, plattA: h.plattA, plattB: h.plattB, minProbability: h.minProbability }
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)))

/** Number of windows for a plain view of `length` characters (see WINDOW_STRIDE). */
export function windowCount(length: number): number {
  const L = Math.min(length, MODEL_MAX_CHARS)
  return Math.max(1, Math.ceil(L / WINDOW_STRIDE) - 1)
}

/** The windows a feature at `pos` belongs to: `[j1, j0]` (j0 = -1 when there is only one). */
export function windowsOf(pos: number, count: number): [number, number] {
  const k = Math.floor(pos / WINDOW_STRIDE)
  const j1 = Math.min(k, count - 1)
  const j0 = k - 1 >= 0 && k - 1 !== j1 ? k - 1 : -1
  return [j1, j0]
}

/**
 * Raw margins (before calibration) of every head for one normalised string, in one feature pass:
 * `out[k]` = bias_k + max over windows of Σ sign·w_k[bucket] / √count_window.
 * Each feature is added once, to its stride block; window j is blocks j and j + 1.
 */
export function margins(views: Normalized, heads: readonly Head[], out: Float64Array): void {
  const k = heads.length
  const J = windowCount(views.plain.length)
  const blocks = J + 1
  const sums = new Int32Array(blocks * k)
  const counts = new Int32Array(blocks)
  const t0 = heads[0]?.weights ?? EMPTY
  const m0 = heads[0] ? (1 << heads[0].bits) - 1 : 0
  const t1 = heads[1]?.weights ?? EMPTY
  const m1 = heads[1] ? (1 << heads[1].bits) - 1 : 0
  const n = extract(views)
  const H = HASHES
  const P = POSITIONS
  if (nextStamp > 0xffff0000 - blocks) {
    STAMPS = new Uint32Array(1 << DEDUP_BITS)
    nextStamp = 1
  }
  const base = nextStamp
  nextStamp += blocks
  const stamps = STAMPS
  for (let i = 0; i < n; i++) {
    const hash = H[i]!
    const blk = P[i]! >>> STRIDE_SHIFT
    const b = blk < J ? blk : J
    const key = hash & DEDUP_MASK
    if (stamps[key] === base + b) continue // already counted in this block
    stamps[key] = base + b
    counts[b]!++
    const o = b * k
    if (hash >>> 31 === 1) {
      if (k > 0) sums[o] = sums[o]! - t0[hash & m0]!
      if (k > 1) sums[o + 1] = sums[o + 1]! - t1[hash & m1]!
      for (let j = 2; j < k; j++) sums[o + j] = sums[o + j]! - heads[j]!.weights[hash & ((1 << heads[j]!.bits) - 1)]!
    } else {
      if (k > 0) sums[o] = sums[o]! + t0[hash & m0]!
      if (k > 1) sums[o + 1] = sums[o + 1]! + t1[hash & m1]!
      for (let j = 2; j < k; j++) sums[o + j] = sums[o + j]! + heads[j]!.weights[hash & ((1 << heads[j]!.bits) - 1)]!
    }
  }
  for (let j = 0; j < k; j++) {
    let best = -Infinity
    for (let w = 0; w < J; w++) {
      const c = counts[w]! + counts[w + 1]!
      if (c === 0) continue // an empty window (a long whitespace run) carries no evidence
      const m = ((sums[w * k + j]! + sums[(w + 1) * k + j]!) * heads[j]!.scale) / Math.sqrt(c > MIN_NORM_COUNT ? c : MIN_NORM_COUNT)
      if (m > best) best = m
    }
    out[j] = heads[j]!.bias + (best === -Infinity ? 0 : best)
  }
}

const EMPTY = new Int8Array(1)

/** Calibrated probability of each head for one normalised string. */
export function probabilities(views: Normalized, heads: readonly Head[]): number[] {
  const m = new Float64Array(heads.length)
  margins(views, heads, m)
  return heads.map((h, j) => sigmoid(h.plattA * (m[j] as number) + h.plattB))
}

/**
 * The deterministic train / calibration / held-out split used by the training script and the
 * evaluation (so the eval can report rows the model never saw). Keyed on the exact text, so
 * duplicates across sources land in the same split: FNV-1a of the UTF-16 code units, mod 100:
 * 0–19 → `test` (held out), 20–29 → `calib` (Platt scaling and threshold only), else `train`.
 */
export function splitOf(text: string): 'train' | 'calib' | 'test' {
  const b = hash32(text) % 100
  return b < 20 ? 'test' : b < 30 ? 'calib' : 'train'
}
