/**
 * @module Screening configuration (zod): the optional second-opinion classifier, per-route field
 * roles, and the check of SCREENING_RULE_MODES keys. Pure, like schema.ts, which spreads
 * SCREENING_ENV_FIELDS into the env schema and calls buildSecondOpinion() and checkRuleModes() in
 * its transform; routes.ts spreads SCREENING_ROUTE_FIELDS.
 */
import * as z from 'zod'
import { num } from './coerce'
import { FIELD_ROLES, compileRoles, type RoleMatcher } from '../screening/roles'
import { SCREENING_IDS } from '../screening/screen'
import type { RuleMode } from '../screening/types'

/** A grey-zone request whose classifier cannot answer: `open` keeps the local verdict (forwarded, flagged), `closed` refuses it. */
export const SecondOpinionModeSchema = z.enum(['open', 'closed', 'off'])
export type SecondOpinionMode = z.output<typeof SecondOpinionModeSchema>

export const SCREENING_ENV_FIELDS = {
  /** Service binding of the classifier (Workers AI adapter, a self-hosted Prompt Guard, …). */
  SECOND_OPINION: z.custom<Fetcher>((v) => typeof v === 'object' && v !== null && 'fetch' in v, 'a service binding').optional(),
  SECOND_OPINION_URL: z.url({ protocol: /^https?$/, error: 'an http(s) URL of the classifier (docs/screening.md, "Second opinion")' }).optional(),
  /** Sent as `Authorization: Bearer …` (a secret). */
  SECOND_OPINION_TOKEN: z.string().min(8, 'at least 8 characters').optional(),
  SECOND_OPINION_TIMEOUT_MS: num(z.number().int().min(20).max(10_000)).default(300),
  SECOND_OPINION_FAIL_MODE: z.enum(['open', 'closed']).default('open'),
  /** The classifier's score at or above which a grey-zone request is blocked. */
  SECOND_OPINION_BLOCK_AT: num(z.number().gt(0).max(1)).default(0.5),
  SECOND_OPINION_CACHE_SIZE: num(z.number().int().min(0).max(100_000)).default(1_000),
  SECOND_OPINION_CACHE_SECONDS: num(z.number().int().min(0).max(86_400)).default(300),
}

/** Route fields (optional, so other route builders need not set them). */
export const SCREENING_ROUTE_FIELDS = {
  /** Field roles by JSON pointer (`*` matches one segment): the same words are judged differently in a query than in a document. */
  fields: z.record(z.string().regex(/^(\/([^/~]|~[01])*)+$/, 'a JSON pointer such as /notes or /items/*/sku'), z.enum(FIELD_ROLES)).optional(),
  /** Overrides SECOND_OPINION_FAIL_MODE for this route; `off` never asks. */
  secondOpinion: SecondOpinionModeSchema.optional(),
}

export type SecondOpinionConfig = {
  readonly fetcher: Fetcher | undefined
  readonly url: URL
  readonly token: string | undefined
  readonly timeoutMs: number
  readonly failMode: 'open' | 'closed'
  readonly blockAt: number
  readonly cacheSize: number
  readonly cacheMs: number
}

type ScreeningEnv = z.output<z.ZodObject<typeof SCREENING_ENV_FIELDS>>

/** The classifier, or undefined when none is configured. A binding and a URL together are refused. */
export function buildSecondOpinion(e: ScreeningEnv, ctx: z.RefinementCtx): SecondOpinionConfig | undefined {
  if (e.SECOND_OPINION && e.SECOND_OPINION_URL) {
    ctx.addIssue({ code: 'custom', path: ['SECOND_OPINION_URL'], message: 'either the SECOND_OPINION service binding or SECOND_OPINION_URL, not both' })
    return undefined
  }
  if (!e.SECOND_OPINION && !e.SECOND_OPINION_URL) return undefined
  return {
    fetcher: e.SECOND_OPINION,
    // A service binding ignores the host; the path names the protocol version.
    url: new URL(e.SECOND_OPINION_URL ?? 'https://second-opinion.internal/v1/classify'),
    token: e.SECOND_OPINION_TOKEN,
    timeoutMs: e.SECOND_OPINION_TIMEOUT_MS,
    failMode: e.SECOND_OPINION_FAIL_MODE,
    blockAt: e.SECOND_OPINION_BLOCK_AT,
    cacheSize: e.SECOND_OPINION_CACHE_SIZE,
    cacheMs: e.SECOND_OPINION_CACHE_SECONDS * 1000,
  }
}

/** A route's field roles, compiled once at load. */
export function routeRoles(fields: Readonly<Record<string, (typeof FIELD_ROLES)[number]>> | undefined): RoleMatcher | undefined {
  return fields && Object.keys(fields).length > 0 ? compileRoles(fields) : undefined
}

export type RuleModes = Readonly<Record<string, RuleMode | 'off'>>

/**
 * SCREENING_RULE_MODES keys must name a screening check (rules, model heads, the second opinion:
 * SCREENING_IDS, read from the screening module, never copied): a misspelt id would otherwise leave
 * the check in its default mode while the operator believes it changed. One issue per unknown id.
 */
export function checkRuleModes(modes: RuleModes, ctx: z.RefinementCtx): RuleModes {
  const known = new Set(SCREENING_IDS)
  for (const id of Object.keys(modes)) {
    if (!known.has(id)) {
      ctx.addIssue({ code: 'custom', path: ['SCREENING_RULE_MODES', id], message: `a screening rule id such as ${SCREENING_IDS[0]} (docs/screening.md lists them; ids are case-sensitive)` })
    }
  }
  return modes
}
