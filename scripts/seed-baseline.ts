/** @module Baseline for the evaluation: a RECONSTRUCTION of the prototype's seven injection regexes. */
/**
 *
 * The prototype's code is lost; only its scores were quoted (16.3% injection recall, 3.6% jailbreak
 * recall). These are the seven classic phrases such prototypes used, matched on the raw text with
 * no normalisation. On the public data this reconstruction scores about 13.6% injection recall and
 * 6.2% jailbreak recall when MultiJail is counted as jailbreak (as the quoted figure appears to do),
 * close to but not exactly the quoted numbers. They are used only as a comparison column in scripts/eval-screening.ts.
 */
export const SEED_PATTERNS: readonly RegExp[] = [
  /ignore (all )?(previous|above|prior) instructions/i,
  /you are now (DAN|in)/i,
  /system prompt/i,
  /disregard (all )?(previous|prior|above)/i,
  /forget (everything|all|your instructions)/i,
  /new instructions/i,
  /pretend (to be|you are)/i,
]

export function seedMatches(text: string): boolean {
  for (const re of SEED_PATTERNS) if (re.test(text)) return true
  return false
}
