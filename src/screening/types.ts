/** @module Screening vocabulary: categories, rule modes, findings and the scored result (plain data, no logic). */
import type { Head } from './model'

/** What kind of attack a rule (or the model) recognises. Stable strings: they reach logs and the guard. */
export type Category =
  | 'instruction_override'
  | 'prompt_exfiltration'
  | 'jailbreak_persona'
  | 'delimiter_injection'
  | 'tool_coercion'
  | 'exfiltration_url'
  | 'indirect_injection'
  | 'multilingual_override'
  | 'xss'
  | 'sqli'
  | 'model'

/** Finding id of the second opinion's answer (second-opinion.ts); SCREENING_RULE_MODES may set it to `log` (asked, never blocks) or `off`. */
export const SECOND_OPINION_ID = 'SO-001'

/** `block` rules count toward the score; `log` rules (shadow) are reported but never raise it. */
export type RuleMode = 'block' | 'log'

/** One rule that matched one string. `location` is where the string came from (e.g. a JSON pointer). */
export type Finding = {
  readonly ruleId: string
  readonly category: Category
  readonly weight: number
  readonly mode: RuleMode
  readonly location: string
}

export type ScreenOptions = {
  /** Score at or above which the verdict is `block`. Default 0.7. */
  readonly blockThreshold: number
  /** Score at or above which the verdict is `flag` (forwarded, reported as risk). Default 0.3. */
  readonly flagThreshold: number
  /** Per-rule override from configuration: ship a new rule in `log` first, or turn one `off`. */
  readonly ruleModes?: Readonly<Record<string, RuleMode | 'off'>>
  /** Only run rules of these categories (e.g. only `xss` and `sqli` on a route that takes HTML-free ids). */
  readonly categories?: readonly Category[]
  /** Model heads to use instead of the generated ones (evaluation: leave-one-source-out retrains). */
  readonly heads?: readonly Head[]
}

export type ScreenResult = {
  /** Noisy-OR of the weights of the live findings, in [0, 1]. */
  readonly score: number
  readonly verdict: 'block' | 'flag' | 'none'
  readonly findings: readonly Finding[]
}

/**
 * Which normalised form of a string a rule reads.
 * - `plain`: decoded layers, NFKC, invisibles removed, lower-cased. Markup and SQL punctuation survive.
 * - `folded`: `plain` plus homoglyph, leetspeak and letter-spacing folds, every non-letter run reduced
 *   to one space. Prose rules read this so "1gn0re  аll" and "i.g.n.o.r.e" look like "ignore all".
 */
export type Variant = 'plain' | 'folded'

/** A screening rule. Patterns are precompiled once at module load and must run in linear time. */
export type Rule = {
  readonly id: string
  readonly category: Exclude<Category, 'model'>
  readonly weight: number
  readonly mode: RuleMode
  readonly variant: Variant
  readonly description: string
  readonly pattern: RegExp
}
