/**
 * @module SCREENING_RULE_MODES keys must name screening rules or model heads: a misspelt id would
 * otherwise leave the rule in its default mode while the operator believes it changed. Pure.
 *
 * The ids are read from the screening modules (rules.ts, screen.ts), never copied here, so a rule
 * added there is accepted at once.
 */
import type * as z from 'zod'
import { RULE_IDS } from '../screening/rules'
import { MODEL_IDS } from '../screening/screen'
import type { RuleMode } from '../screening/types'

export type RuleModes = Readonly<Record<string, RuleMode | 'off'>>

/** The modes as configured, after an issue at `SCREENING_RULE_MODES.<id>` for each unknown id. */
export function checkRuleModes(modes: RuleModes, ctx: z.RefinementCtx): RuleModes {
  const known = new Set([...RULE_IDS, ...MODEL_IDS])
  for (const id of Object.keys(modes)) {
    if (!known.has(id)) {
      ctx.addIssue({ code: 'custom', path: ['SCREENING_RULE_MODES', id], message: `a screening rule id such as ${RULE_IDS[0]} or ${MODEL_IDS[0] ?? RULE_IDS[1]} (docs/screening.md lists them; ids are case-sensitive)` })
    }
  }
  return modes
}
