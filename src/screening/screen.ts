/** @module Screening entry point: normalise each string once, run the rule table, combine findings into a score and verdict. */
import { normalize } from './normalize'
import { RULES } from './rules'
import type { Category, Finding, Rule, RuleMode, ScreenOptions, ScreenResult } from './types'

/**
 * Defaults. One strong rule (weight ≥ 0.7) blocks on its own; two medium rules (0.5 + 0.45 →
 * 0.725) block together; one weak rule (0.3–0.6) only flags. See docs/screening.md for the tuning.
 */
export const DEFAULT_SCREEN_OPTIONS: ScreenOptions = { blockThreshold: 0.7, flagThreshold: 0.3 }

/** At most this many findings are returned (the score still counts every live rule). */
export const MAX_FINDINGS = 64

type Active = { readonly rule: Rule; readonly mode: RuleMode }

/** Resolve which rules run and in what mode; cached for the default options (the common case). */
function activeRules(options: ScreenOptions): readonly Active[] {
  const cats = options.categories ? new Set<Category>(options.categories) : undefined
  const out: Active[] = []
  for (const rule of RULES) {
    if (cats && !cats.has(rule.category)) continue
    const override = options.ruleModes?.[rule.id]
    if (override === 'off') continue
    out.push({ rule, mode: override ?? rule.mode })
  }
  return out
}
const DEFAULT_ACTIVE = activeRules(DEFAULT_SCREEN_OPTIONS)

function gateOpen(rule: Rule, text: string): boolean {
  if (!rule.gate) return true
  for (const g of rule.gate) if (text.includes(g)) return true
  return false
}

/** Noisy-OR: independent pieces of evidence; each rule counts once, at its weight. Result ∈ [0, 1]. */
export function combine(weights: Iterable<number>): number {
  let miss = 1
  for (const w of weights) miss *= 1 - Math.min(1, Math.max(0, w))
  return 1 - miss
}

/**
 * Screen strings taken from one request.
 *
 * Each string is normalised once (normalize.ts) and every active rule tests its view. A rule that
 * fires in several strings counts once toward the score. Shadow (`log`) findings are returned but
 * never raise the score.
 *
 * @example
 * screenTexts([{ location: '/query', text: 'Ignore all previous instructions' }])
 * // → { score: 0.9, verdict: 'block', findings: [{ ruleId: 'PI-001', … }] }
 */
export function screenTexts(
  items: ReadonlyArray<{ location: string; text: string }>,
  options?: Partial<ScreenOptions>,
): ScreenResult {
  const opts: ScreenOptions = options ? { ...DEFAULT_SCREEN_OPTIONS, ...options } : DEFAULT_SCREEN_OPTIONS
  const active = opts.ruleModes || opts.categories ? activeRules(opts) : DEFAULT_ACTIVE
  const findings: Finding[] = []
  const live = new Map<string, number>()
  for (const item of items) {
    if (typeof item.text !== 'string' || item.text.length === 0) continue
    const views = normalize(item.text)
    for (const { rule, mode } of active) {
      const text = rule.variant === 'plain' ? views.plain : views.folded
      if (!gateOpen(rule, text) || !rule.pattern.test(text)) continue
      if (mode === 'block') live.set(rule.id, rule.weight)
      if (findings.length < MAX_FINDINGS) {
        findings.push({ ruleId: rule.id, category: rule.category, weight: rule.weight, mode, location: item.location })
      }
    }
  }
  const score = Math.round(combine(live.values()) * 1e6) / 1e6
  const verdict = score >= opts.blockThreshold ? 'block' : score >= opts.flagThreshold ? 'flag' : 'none'
  return { score, verdict, findings }
}
