/** @module Learned screening model: linear heads (logistic regression) over the hashed features of features.ts, pure and O(length). */
import { base64url } from 'jose'
import { DEDUP_BITS, extract, MIN_NORM_COUNT, MODEL_MAX_CHARS, STRIDE_SHIFT, WINDOW_STRIDE } from './features'
import type { Normalized } from './normalize'

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

/** Serialised head, as the training script writes it into generated/screening-model.ts (int8 + one scale). */
export type SerializedHead = Omit<Head, 'weights'> & {
  /** base64url of an Int8Array of length 2^bits. */
  readonly int8: string
}

/** Decode a serialised head once (base64url → Int8Array; the scale is applied to each window's integer sum). */
export function decodeHead(h: SerializedHead): Head {
  const bytes = base64url.decode(h.int8)
  const size = 1 << h.bits
  if (bytes.length !== size) throw new Error(`model head ${h.id}: expected ${size} weights, got ${bytes.length}`)
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length)
  return { id: h.id, name: h.name, bits: h.bits, weights, scale: h.scale, bias: h.bias, plattA: h.plattA, plattB: h.plattB, minProbability: h.minProbability }
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)))

/** Number of windows for a plain view of `length` characters (see WINDOW_STRIDE in features.ts). */
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
 * Features are binary per stride block: a feature (by its low `DEDUP_BITS` hash bits) counts once
 * per block. A stamp table remembers the block a key was last counted in, so no per-string map is
 * built; stamps only grow, and the table is cleared when they would wrap.
 */
const DEDUP_MASK = (1 << DEDUP_BITS) - 1
let STAMPS = new Uint32Array(1 << DEDUP_BITS)
let nextStamp = 1
const EMPTY = new Int8Array(1)

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
  const { count: n, hashes: H, positions: P } = extract(views)
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

/** Calibrated probability of each head for one normalised string. */
export function probabilities(views: Normalized, heads: readonly Head[]): number[] {
  const m = new Float64Array(heads.length)
  margins(views, heads, m)
  return heads.map((h, j) => sigmoid(h.plattA * (m[j] as number) + h.plattB))
}
