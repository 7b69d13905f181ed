/** @module The rule table: every screening rule with its stable id, category, weight, default mode and description. */
import type { Rule } from './types'
import { AGENTIC_RULES } from './rules/agentic'
import { MULTILINGUAL_RULES } from './rules/multilingual'
import { OVERRIDE_RULES } from './rules/override'
import { PERSONA_RULES } from './rules/persona'
import { SQLI_RULES } from './rules/sqli'
import { XSS_RULES } from './rules/xss'

/**
 * All rules, in evaluation order. Ids are stable (they reach logs, the guard and operator config):
 * a rule may be retuned or retired, never renumbered. New rules can ship with `mode: 'log'`.
 */
export const RULES: readonly Rule[] = [
  ...OVERRIDE_RULES,
  ...PERSONA_RULES,
  ...AGENTIC_RULES,
  ...MULTILINGUAL_RULES,
  ...XSS_RULES,
  ...SQLI_RULES,
]

/** Every rule id, for docs and tests (SCREENING_IDS in screen.ts adds the model heads and the second opinion). */
export const RULE_IDS: readonly string[] = RULES.map((r) => r.id)

/** Rule lookup by id. */
export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]))
