/** @module Leave-one-source-out evaluation (training-only): retrain the model without one source, then screen that source with the rules and the retrained heads. */
import { decodeHead, type Head } from '../../src/screening/model'
import { screenTexts } from '../../src/screening/screen'
import { fitModel, type Row } from './train-lib'

export const ATTACK_LABELS = new Set(['injection', 'jailbreak', 'xss', 'sqli'])
/** Sources with at least this many attack rows get a fold (the bar); MultiJail is not an injection set. */
export const LOSO_MIN_ATTACKS = 100

export type Fold = { source: string; label: string; n: number; blocked: number; flagged: number }
export type FoldFpr = { source: string; n: number; blocked: number }

/** Every fold's source, in order: those with ≥ LOSO_MIN_ATTACKS attack rows. */
export function foldSources(rows: readonly Row[]): string[] {
  const counts = new Map<string, number>()
  for (const r of rows) if (ATTACK_LABELS.has(r.label) && !r.source.startsWith('augment') && !r.source.startsWith('synthetic')) counts.set(r.source, (counts.get(r.source) ?? 0) + 1)
  return [...counts].filter(([, n]) => n >= LOSO_MIN_ATTACKS).map(([s]) => s).sort()
}

/**
 * One fold: fit on every row except `source`'s (its rows are absent from training, calibration
 * and augmentation alike), screen each of `leftOut` (ALL the source's rows, including those the
 * training script leaves out) with the full screen (rules + retrained heads) at the default
 * threshold, and measure the retrained model's benign FPR on the held-out benign rows of the
 * other sources (`benign`), so recall is read at the same operating point.
 */
export function fold(trainRows: readonly Row[], source: string, leftOut: readonly { text: string; label: string }[], benign: readonly { text: string; source: string }[]): { folds: Fold[]; fpr: FoldFpr } {
  const heads: Head[] = fitModel(trainRows.filter((r) => r.source !== source)).map(decodeHead)
  const cells = new Map<string, Fold>()
  for (const c of leftOut) {
    const r = screenTexts([{ location: '', text: c.text }], { heads })
    const f = cells.get(c.label) ?? { source, label: c.label, n: 0, blocked: 0, flagged: 0 }
    f.n++
    if (r.verdict === 'block') f.blocked++
    if (r.verdict === 'flag') f.flagged++
    cells.set(c.label, f)
  }
  let blocked = 0
  for (const c of benign) if (screenTexts([{ location: '', text: c.text }], { heads }).verdict === 'block') blocked++
  return { folds: [...cells.values()].sort((a, b) => a.label.localeCompare(b.label)), fpr: { source, n: benign.length, blocked } }
}
