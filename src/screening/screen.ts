/** @module Screening entry point: normalise each string once, run the rule table, combine findings into a score and verdict. */
import { decodeHead, margins, sigmoid, type Head } from './model'
import { MODEL_HEADS } from '../../generated/screening-model'
import { RULE_LITERALS } from '../../generated/screening-prefilter'
import { normalize } from './normalize'
import { buildPrefilter } from './prefilter'
import { RULE_IDS, RULES } from './rules'
import type { FieldRole } from './roles'
import { SECOND_OPINION_ID, type Category, type Finding, type Rule, type RuleMode, type ScreenOptions, type ScreenResult } from './types'

/**
 * Defaults. One strong rule (weight ≥ 0.7) blocks on its own; two medium rules (0.5 + 0.45 →
 * 0.725) block together; one weak rule (0.3–0.6) only flags. See docs/screening.md for the tuning.
 */
export const DEFAULT_SCREEN_OPTIONS: ScreenOptions = { blockThreshold: 0.7, flagThreshold: 0.3 }

/** At most this many findings are returned (the score still counts every live rule). */
export const MAX_FINDINGS = 64

type Active = { readonly rule: Rule; readonly index: number; readonly mode: RuleMode; readonly web: boolean; readonly shell: boolean }

/** Web-attack checks (XSS/SQLi rules, the web head): the only ones an identifier gets, the ones code skips. */
const isWeb = (c: Category): boolean => c === 'xss' || c === 'sqli'

/** Resolve which rules run and in what mode; cached for the default options (the common case). */
function activeRules(options: ScreenOptions): readonly Active[] {
  const cats = options.categories ? new Set<Category>(options.categories) : undefined
  const out: Active[] = []
  for (const [index, rule] of RULES.entries()) {
    if (cats && !cats.has(rule.category)) continue
    const override = options.ruleModes?.[rule.id]
    if (override === 'off') continue
    out.push({ rule, index, mode: override ?? rule.mode, web: isWeb(rule.category), shell: rule.id === 'TC-001' })
  }
  return out
}

/** The learned model's heads (model.ts), decoded once at module load from the generated weights. */
export const MODEL: readonly Head[] = MODEL_HEADS.map(decodeHead)
/** Finding ids of the model heads (`NN-001` prompt attack, `NN-002` web attack); `ruleModes` accepts them too. */
export const MODEL_IDS: readonly string[] = MODEL.map((h) => h.id)
/** Every id `SCREENING_RULE_MODES` may name: the rules, the model heads and the second opinion. */
export const SCREENING_IDS: readonly string[] = [...RULE_IDS, ...MODEL_IDS, SECOND_OPINION_ID]
const WEB_HEAD = 'NN-002'

/** Whether a check runs on a string of this role (roles.ts). */
function runsOn(role: FieldRole | undefined, web: boolean, shell: boolean): boolean {
  if (role === 'identifier') return web
  if (role === 'code') return !web && !shell
  return true
}

type ActiveHead = { readonly head: Head; readonly mode: RuleMode }

function activeHeads(options: ScreenOptions): readonly ActiveHead[] {
  if (options.categories && !options.categories.includes('model')) return []
  const out: ActiveHead[] = []
  // At most 8 heads: the per-string subsets are precomputed by bit mask.
  for (const head of (options.heads ?? MODEL).slice(0, 8)) {
    const override = options.ruleModes?.[head.id]
    if (override === 'off') continue
    out.push({ head, mode: override ?? 'block' })
  }
  return out
}

/** The heads that run on one string, by bit mask of eligibility (a string rarely needs both). */
type HeadSet = { readonly heads: readonly ActiveHead[]; readonly list: readonly Head[] }
type Resolved = { readonly active: readonly Active[]; readonly heads: readonly ActiveHead[]; readonly subsets: readonly HeadSet[] }
const resolve = (opts: ScreenOptions): Resolved => {
  const heads = activeHeads(opts)
  const subsets: HeadSet[] = []
  for (let mask = 0; mask < 1 << heads.length; mask++) {
    const sub = heads.filter((_, j) => (mask >> j) & 1)
    subsets.push({ heads: sub, list: sub.map((h) => h.head) })
  }
  return { active: activeRules(opts), heads, subsets }
}
const DEFAULT_RESOLVED = resolve(DEFAULT_SCREEN_OPTIONS)

/**
 * Resolved lists per (categories, ruleModes) pair of objects: configuration passes the same
 * ruleModes object on every request, and MCP screening the same category list constant.
 */
const RESOLVED = new WeakMap<object, WeakMap<object, Resolved>>()
const NONE = {}

/** Evaluation passes its own heads: one cache per heads list, keyed like RESOLVED inside. */
const BY_HEADS = new WeakMap<object, WeakMap<object, WeakMap<object, Resolved>>>()

function resolved(opts: ScreenOptions): Resolved {
  if (!opts.heads && !opts.categories && (!opts.ruleModes || Object.keys(opts.ruleModes).length === 0)) return DEFAULT_RESOLVED
  let cache = RESOLVED
  if (opts.heads) {
    let c = BY_HEADS.get(opts.heads)
    if (!c) BY_HEADS.set(opts.heads, (c = new WeakMap()))
    cache = c
  }
  let byModes = cache.get(opts.categories ?? NONE)
  if (!byModes) cache.set(opts.categories ?? NONE, (byModes = new WeakMap()))
  let r = byModes.get(opts.ruleModes ?? NONE)
  if (!r) byModes.set(opts.ruleModes ?? NONE, (r = resolve(opts)))
  return r
}

/**
 * A head's calibrated probability becomes its finding weight, rounded to 3 decimals so scores are
 * stable across platforms' last-bit float differences. Below the head's floor there is no finding.
 */
function modelWeight(head: Head, margin: number): number {
  const p = Math.round(sigmoid(head.plattA * margin + head.plattB) * 1000) / 1000
  return p >= head.minProbability ? p : 0
}

/**
 * A linear head needs evidence before it may speak. On a short token (an id like `1`, `exp-1`,
 * `true`) there are too few n-grams, so the margin is mostly the bias, and the web head's bias
 * leans to "attack". Web attacks (XSS, SQLi) need syntax; prompt attacks need a sentence.
 */
const WEB_SYNTAX = /[<>'"();=`{}\\]|--|\/\*|%[0-9a-f]{2}|&#?\w+;/i
const MIN_PROMPT_CHARS = 12

function headEligible(head: Head, views: { plain: string }): boolean {
  return head.id === WEB_HEAD ? WEB_SYNTAX.test(views.plain) : views.plain.length >= MIN_PROMPT_CHARS
}

/**
 * A short token of word characters (a JSON key, an id, an e-mail, a SKU) cannot carry an
 * injection: XSS and SQLi need syntax (quotes, brackets, `;`, `=`, `--`), prompt attacks need
 * several words, and 24 base64 characters decode to 18 bytes. Typical bodies are mostly such
 * tokens, so skipping them is most of the screening cost saved, at no loss: every string is
 * screened on its own, so a phrase split across keys was never a match anyway.
 */
const PLAIN_TOKEN = /^[A-Za-z0-9_.@+]+(?:-[A-Za-z0-9_.@+]+)*$/
const PLAIN_TOKEN_MAX = 24

export function isPlainToken(text: string): boolean {
  return text.length <= PLAIN_TOKEN_MAX && PLAIN_TOKEN.test(text)
}

/** The literal prefilter over the rule table (prefilter.ts), built once at module load. */
export const PREFILTER = buildPrefilter(RULES, RULE_LITERALS)

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
 * // → { score: ≥ 0.98, verdict: 'block', findings: [… { ruleId: 'PI-001', … }, { ruleId: 'PI-003', … }] }
 */
export function screenTexts(
  items: ReadonlyArray<{ location: string; text: string; role?: FieldRole }>,
  options?: Partial<ScreenOptions>,
): ScreenResult {
  const opts: ScreenOptions = options ? { ...DEFAULT_SCREEN_OPTIONS, ...options } : DEFAULT_SCREEN_OPTIONS
  const { active, heads, subsets } = resolved(opts)
  const m = new Float64Array(heads.length)
  const findings: Finding[] = []
  const live = new Map<string, number>()
  for (const item of items) {
    if (typeof item.text !== 'string' || item.text.length === 0 || isPlainToken(item.text)) continue
    const views = normalize(item.text)
    let mask = 0
    for (let j = 0; j < heads.length; j++) {
      const head = (heads[j] as ActiveHead).head
      if (runsOn(item.role, head.id === WEB_HEAD, false) && headEligible(head, views)) mask |= 1 << j
    }
    if (mask !== 0) {
      const run = subsets[mask] as HeadSet
      margins(views, run.list, m)
      for (let j = 0; j < run.heads.length; j++) {
        const { head, mode } = run.heads[j] as ActiveHead
        const weight = modelWeight(head, m[j] as number)
        if (weight === 0) continue
        // Like a rule, a head counts once per request: at its strongest string.
        if (mode === 'block' && weight > (live.get(head.id) ?? 0)) live.set(head.id, weight)
        if (findings.length < MAX_FINDINGS) findings.push({ ruleId: head.id, category: 'model', weight, mode, location: item.location })
      }
    }
    const stamp = active.length > 0 ? PREFILTER.scan(views.plain, views.folded) : 0
    for (const { rule, index, mode, web, shell } of active) {
      if (item.role !== undefined && !runsOn(item.role, web, shell)) continue
      if (!PREFILTER.admits(index, stamp) || !rule.pattern.test(rule.variant === 'plain' ? views.plain : views.folded)) continue
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
