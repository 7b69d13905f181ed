/** @module Learned screening model: linear heads (logistic regression) over the hashed features of features.ts, pure and O(length). */
import { base64url } from 'jose'
import { extract, MIN_NORM_COUNT } from './features'
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

/** Re-exported for tools that size windows. */
export { windowCount } from './features'

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)))

/** Per-string accumulators, reused (the screen is synchronous) and grown on demand. */
let SUMS = new Int32Array(1024)
let COUNTS = new Int32Array(512)

/**
 * Raw margins (before calibration) of every head for one normalised string, in one feature pass:
 * `out[k]` = bias_k + max over windows of scale_k · Σ sign·w_k[bucket] / √count_window.
 * Each distinct feature is added once, to its block (features.ts); window j is blocks j and j + 1.
 */
export function margins(views: Normalized, heads: readonly Head[], out: Float64Array): void {
  const k = heads.length
  if (k === 0) return
  const { count: n, hashes: H, blocks: B, windows: J } = extract(views)
  if (COUNTS.length < J + 1) {
    COUNTS = new Int32Array(2 * (J + 1))
    SUMS = new Int32Array(2 * (J + 1) * Math.max(k, 2))
  } else if (SUMS.length < (J + 1) * k) SUMS = new Int32Array((J + 1) * k)
  const sums = SUMS
  const counts = COUNTS
  sums.fill(0, 0, (J + 1) * k)
  counts.fill(0, 0, J + 1)
  const t0 = heads[0]!.weights
  const m0 = (1 << heads[0]!.bits) - 1
  if (k === 1) {
    for (let i = 0; i < n; i++) {
      const h = H[i]!
      const b = B[i]!
      counts[b]!++
      sums[b] = sums[b]! + t0[h & m0]! * ((h >> 31) | 1)
    }
  } else {
    const t1 = heads[1]!.weights
    const m1 = (1 << heads[1]!.bits) - 1
    for (let i = 0; i < n; i++) {
      const h = H[i]!
      const b = B[i]!
      const s = (h >> 31) | 1
      const o = b * k
      counts[b]!++
      sums[o] = sums[o]! + t0[h & m0]! * s
      sums[o + 1] = sums[o + 1]! + t1[h & m1]! * s
      for (let j = 2; j < k; j++) sums[o + j] = sums[o + j]! + heads[j]!.weights[h & ((1 << heads[j]!.bits) - 1)]! * s
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
