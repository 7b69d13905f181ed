/**
 * @module Data-loss prevention vocabulary: detectors, findings, actions and policies. Plain data.
 *
 * A detector id is `<category>.<kind>` (`secret.aws_access_key`, `pii.card`); policies are keyed by
 * any dot-prefix of it (`secret`, `pii.national_id`, `pii.card`), the longest configured one wins.
 */

export const CATEGORIES = ['secret', 'pii'] as const
export type Category = (typeof CATEGORIES)[number]

export const CONFIDENCES = ['low', 'medium', 'high'] as const
/** `low` marks published test values (test card numbers, AWS's EXAMPLE keys, example.com mail). */
export type Confidence = (typeof CONFIDENCES)[number]

export const ACTIONS = ['off', 'log', 'redact', 'block'] as const
export type Action = (typeof ACTIONS)[number]

/** One match inside one string: a half-open UTF-16 span. */
export type Match = { readonly start: number; readonly end: number; readonly confidence: Confidence }

/** What a detector may know besides the text: the JSON member name it is the value of. */
export type ScanContext = { readonly key?: string | undefined }

export type Detector = {
  readonly id: string
  readonly category: Category
  /** Overlapping matches keep the one of highest priority (specific tokens beat generic heuristics). */
  readonly priority: number
  /**
   * When it runs (checked before `find`, so most strings skip most detectors): `minDigits` and
   * `minLength` are necessary; then, if it has a `hint` (a pattern found in every match's
   * neighbourhood) or a `keyHint` (on the snake-cased member name), one of them must hold. The
   * policy ORs every active detector's conditions into one prefilter per string.
   */
  readonly hint?: RegExp
  readonly keyHint?: RegExp
  readonly minDigits?: number
  readonly minLength?: number
  readonly find: (text: string, ctx: ScanContext) => Match[]
  /** Longest span it can report (the streaming window must cover it). */
  readonly maxLength: number
}

/** A match attributed to its detector, inside one scanned string. */
export type Finding = Match & { readonly id: string; readonly category: Category }

/** Answer-level outcome: the strongest action any finding called for. */
export type Outcome = Exclude<Action, 'off'> | 'none'

/**
 * What one answer or tool result yielded, accumulated while it is scanned (mutable on purpose: a
 * stream adds to it chunk by chunk). Values are kept only in `samples`, to fingerprint them.
 */
export type Tally = {
  /** Findings acted on (log, redact or block), by detector id. */
  readonly counts: Record<string, number>
  /** Of those, the ones replaced by a marker, by detector id. */
  readonly redacted: Record<string, number>
  worst: Outcome
  readonly samples: { readonly id: string; readonly value: string }[]
}
