/** @module The deterministic train / calibration / held-out split shared by the training script and the evaluation (training-only; never bundled). */
import { hash32 } from '../../src/lib/hash'

/**
 * Keyed on the exact text, so duplicates across sources land in the same split: FNV-1a of the
 * UTF-16 code units (+ fmix32), mod 100: 0–19 → `test` (held out), 20–29 → `calib` (Platt scaling
 * and threshold only), else `train`.
 */
export function splitOf(text: string): 'train' | 'calib' | 'test' {
  const b = hash32(text) % 100
  return b < 20 ? 'test' : b < 30 ? 'calib' : 'train'
}
