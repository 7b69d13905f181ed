/** @module Rule constructor and shared pattern fragments; compiles every pattern once, at module load. */
import type { Category, Rule, RuleMode, Variant } from '../types'

/**
 * Pattern discipline (linear time): no backreferences, no nested unbounded quantifiers, every gap
 * bounded (`{0,n}`), and adjacent quantified parts use disjoint classes so a failed match cannot
 * re-split the same characters; lookarounds are single-character. The adversarial test feeds
 * 100k-character runs of every class a pattern is greedy on (docs/screening.md, "Linear time").
 */
export function rule(
  id: string,
  category: Exclude<Category, 'model'>,
  weight: number,
  variant: Variant,
  description: string,
  source: string,
  opts: { mode?: RuleMode } = {},
): Rule {
  return {
    id,
    category,
    weight,
    mode: opts.mode ?? 'block',
    variant,
    description,
    pattern: new RegExp(source, variant === 'plain' ? 'u' : ''),
  }
}

/** Up to `n` filler words in the folded view ("ignore [all of the] previous"). */
export const fill = (n: number): string => `(?:[a-z0-9]+ ){0,${n}}`
/** Alternation helper. */
export const any = (...words: string[]): string => `(?:${words.join('|')})`
