/**
 * @module The one screening summary the guard receives, whichever door (REST or MCP) a request used. Pure.
 *
 * The same finding must move an agent's risk the same way through either door (issue 13): the score
 * is the worst of the request's screenings, a block under a shadow policy (`log`) counts as a flag,
 * and the rule ids are those of live findings, at most MAX_SUMMARY_RULE_IDS of them. Logs and
 * analytics get every rule id, shadow ones included (`allRuleIds`).
 */
import type { ScreeningSummary } from '../guard/protocol'
import type { ScreenResult } from './types'

export const MAX_SUMMARY_RULE_IDS = 16

/** One screening and the policy it ran under: `block` enforces, `log` only reports (shadow). */
export type Screened = { readonly result: ScreenResult; readonly mode: 'block' | 'log' }

const RANK = { none: 0, flag: 1, block: 2 } as const

/** The verdict a screening has under its mode: a shadow block is reported as a flag. */
export function effectiveVerdict(s: Screened): ScreeningSummary['verdict'] {
  return s.result.verdict === 'block' && s.mode === 'log' ? 'flag' : s.result.verdict
}

function ids(results: readonly Screened[], live: boolean): string[] {
  const out = new Set<string>()
  for (const { result } of results) {
    for (const f of result.findings) {
      if (out.size >= MAX_SUMMARY_RULE_IDS) return [...out]
      if (!live || f.mode === 'block') out.add(f.ruleId)
    }
  }
  return [...out]
}

/** The guard's view of a request's screenings. */
export function summarize(results: readonly Screened[]): ScreeningSummary {
  let score = 0
  let verdict: ScreeningSummary['verdict'] = 'none'
  for (const s of results) {
    score = Math.max(score, s.result.score)
    const v = effectiveVerdict(s)
    if (RANK[v] > RANK[verdict]) verdict = v
  }
  return { score, ruleIds: ids(results, true), verdict }
}

/** Every rule id that matched, shadow ones included (for logs and analytics), bounded. */
export function allRuleIds(results: readonly Screened[]): string[] {
  return ids(results, false)
}
