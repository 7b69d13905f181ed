/**
 * @module Baseline for the evaluation: a RECONSTRUCTION of the prototype's seven injection regexes.
 *
 * The prototype's code is lost; only its scores were quoted (16.3% injection recall, 3.6% jailbreak
 * recall). These are the seven classic phrases such prototypes used, matched on the raw text with
 * no normalisation. They are used only as a comparison column in scripts/eval-screening.ts.
 */
export const SEED_PATTERNS: readonly RegExp[] = [
  /ignore (all )?(previous|above|prior) instructions/i,
  /disregard (all )?(previous|prior|above) (instructions|directions)/i,
  /forget (all )?(your|previous) instructions/i,
  /you are now (in )?(developer|DAN) mode/i,
  /reveal (your|the) system prompt/i,
  /new instructions:/i,
  /pretend (to be|you are) (an? )?(unrestricted|evil|unfiltered)/i,
]

export function seedMatches(text: string): boolean {
  for (const re of SEED_PATTERNS) if (re.test(text)) return true
  return false
}
