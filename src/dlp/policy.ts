/**
 * @module DLP policy: category (or detector) → off | log | redact | block, compiled once per route or
 * tool at configuration load. Pure.
 *
 * A policy maps dot-prefixes of detector ids to actions; a detector takes the action of the longest
 * prefix present (`pii.card = "redact"` beats `pii = "log"`), and `off` when none is. Detectors
 * whose action is `off` are not run at all, and a policy with nothing on compiles to `undefined`,
 * so the response stage skips the answer untouched.
 */
import { DETECTORS } from './catalog'
import { CONFIDENCES, type Action, type Confidence, type Detector } from './types'

export type PolicyRules = Readonly<Record<string, Action>>

/** What happens to an answer DLP cannot read: over the size bound, compressed unknown, binary. */
export type UnscannedAction = 'block' | 'pass'

/**
 * One test per string for the whole policy: the detectors' hints joined into one pattern, the
 * fewest digits any hint-less detector needs, and the member-name hints. A string that passes none
 * (most names, ids, words) is not looked at further.
 */
export type Prefilter = {
  readonly hint: RegExp | undefined
  /** Digits that alone make some detector run (Infinity: none does). */
  readonly minDigits: number
  /** Whether any detector needs the digit count. */
  readonly countDigits: boolean
  readonly keyHints: readonly RegExp[]
}

export type DlpPolicy = {
  /** The detectors to run (action not `off`), in catalogue order. */
  readonly detectors: readonly Detector[]
  readonly prefilter: Prefilter
  readonly actions: ReadonlyMap<string, Exclude<Action, 'off'>>
  readonly minConfidence: Confidence
  readonly unscanned: UnscannedAction
  /** A stable label for logs: the rules as written, sorted. */
  readonly label: string
}

export function actionOf(rules: PolicyRules, id: string): Action {
  for (let parts = id.split('.'); parts.length > 0; parts.pop()) {
    const a = rules[parts.join('.')]
    if (a !== undefined) return a
  }
  return 'off'
}

export function compilePolicy(rules: PolicyRules, minConfidence: Confidence, unscanned: UnscannedAction): DlpPolicy | undefined {
  const actions = new Map<string, Exclude<Action, 'off'>>()
  const detectors: Detector[] = []
  for (const d of DETECTORS) {
    const a = actionOf(rules, d.id)
    if (a === 'off') continue
    actions.set(d.id, a)
    detectors.push(d)
  }
  if (detectors.length === 0) return undefined
  const label = Object.keys(rules)
    .sort()
    .map((k) => `${k}=${rules[k]}`)
    .join(',')
  return { detectors, prefilter: prefilterOf(detectors), actions, minConfidence, unscanned, label }
}

function prefilterOf(detectors: readonly Detector[]): Prefilter {
  const hints = detectors.flatMap((d) => (d.hint ? [`(?:${d.hint.source})`] : []))
  const digitsOnly = detectors.filter((d) => !d.hint && !d.keyHint && d.minDigits !== undefined).map((d) => d.minDigits!)
  return {
    hint: hints.length > 0 ? new RegExp(hints.join('|')) : undefined,
    minDigits: digitsOnly.length > 0 ? Math.min(...digitsOnly) : Number.POSITIVE_INFINITY,
    countDigits: detectors.some((d) => d.minDigits !== undefined),
    keyHints: detectors.flatMap((d) => (d.keyHint ? [d.keyHint] : [])),
  }
}

const RANK: Readonly<Record<Confidence, number>> = Object.fromEntries(CONFIDENCES.map((c, i) => [c, i])) as Record<Confidence, number>
export const atLeast = (c: Confidence, min: Confidence): boolean => RANK[c] >= RANK[min]
