/**
 * @module Data-loss prevention configuration (docs/dlp.md): the global policy, per-route and per-tool
 * overrides, size bound, confidence floor and records budgets. Pure; schema.ts spreads DLP_ENV_FIELDS
 * and calls buildDlpConfig, routes.ts and mcp.ts spread DLP_ROUTE_FIELDS into their entries.
 *
 * Every policy is compiled here, once: a route or tool whose merged policy has nothing on maps to no
 * policy at all, which is what lets the response stage skip it at the cost of one map lookup.
 */
import * as z from 'zod'
import { POLICY_KEYS } from '../dlp/catalog'
import { compilePolicy, type DlpPolicy, type PolicyRules, type UnscannedAction } from '../dlp/policy'
import { ACTIONS, CONFIDENCES, type Action, type Confidence } from '../dlp/types'
import type { RecordsBudget } from '../guard/records'
import { int, json } from './coerce'

export type { RecordsBudget }

/** `{ secret = "redact", "pii.card" = "block", pii = "log", unscanned = "pass" }`, or `"off"`. */
const PolicySchema = z
  .object({ unscanned: z.enum(['block', 'pass']).optional() })
  .catchall(z.enum(ACTIONS, { error: `one of ${ACTIONS.join(', ')}` }))

const BudgetSchema = z.record(z.string(), z.number().int().min(1).max(1_000_000_000))

/** Spread into a route (ROUTES[i]) or an MCP tool (MCP_TOOLS[i]). */
export const DLP_ROUTE_FIELDS = {
  /** Overrides of the global DLP_POLICY for this route or tool, or "off". */
  dlp: z.union([z.literal('off'), PolicySchema]).optional(),
  /** Personal-data records (findings by category prefix) one agent may receive here per day. */
  records_per_day: BudgetSchema.optional(),
}

export const DLP_ENV_FIELDS = {
  DLP_POLICY: json(PolicySchema).default({}),
  DLP_MIN_CONFIDENCE: z.enum(CONFIDENCES).default('medium'),
  DLP_MAX_BUFFER_BYTES: int(1_024, 32 * 1024 * 1024).default(1024 * 1024),
  /** Per tier: personal-data records one agent may receive per day, over all routes and tools. */
  DLP_RECORDS_PER_DAY: json(z.record(z.string(), BudgetSchema)).default({}),
  DLP_FINGERPRINT_KEY: z.string().min(32, 'at least 32 characters (an HMAC key for finding fingerprints)').optional(),
}

const DlpEnvSchema = z.object(DLP_ENV_FIELDS)
type DlpEnv = z.output<typeof DlpEnvSchema>
type PolicyInput = z.output<typeof PolicySchema> | 'off' | undefined
type Entry = { readonly dlp?: PolicyInput; readonly records_per_day?: Record<string, number> | undefined }


export type DlpConfig = {
  /** Configured route key ("GET /api/orders") → its policy, null when DLP is off there. */
  readonly routes: ReadonlyMap<string, DlpPolicy | null>
  /** Configured MCP tool name → its policy, null when off. */
  readonly tools: ReadonlyMap<string, DlpPolicy | null>
  /** The global policy: unmatched routes (UNMATCHED_ROUTES = allow) and results of unknown tools. */
  readonly fallback: DlpPolicy | undefined
  readonly maxBufferBytes: number
  readonly minConfidence: Confidence
  /** Budgets by tier (apply everywhere) and by endpoint (route key or `mcp:<tool>`). */
  readonly records: { readonly tiers: ReadonlyMap<string, readonly RecordsBudget[]>; readonly endpoints: ReadonlyMap<string, readonly RecordsBudget[]> }
  readonly fingerprintKey: string | undefined
}

/** At most this many budgets apply to one request, so the guard's work per request stays flat. */
export const MAX_BUDGETS_PER_REQUEST = 16

type Issue = (path: (string | number)[], message: string) => void

function rulesOf(p: Exclude<PolicyInput, 'off' | undefined>, path: (string | number)[], issue: Issue): { rules: Record<string, Action>; unscanned?: UnscannedAction } {
  const rules: Record<string, Action> = {}
  for (const [k, v] of Object.entries(p)) {
    if (k === 'unscanned') continue
    if (!POLICY_KEYS.has(k)) issue([...path, k], `a detector id or category prefix (${[...POLICY_KEYS].filter((x) => !x.includes('.')).join(', ')}, pii.card, secret.jwt, … see docs/dlp.md)`)
    rules[k] = v as Action
  }
  return { rules, ...(p.unscanned !== undefined ? { unscanned: p.unscanned } : {}) }
}

function budgetsOf(scope: string, budgets: Record<string, number> | undefined, path: (string | number)[], issue: Issue): RecordsBudget[] {
  return Object.entries(budgets ?? {}).map(([prefix, limit]) => {
    if (!POLICY_KEYS.has(prefix) || !prefix.startsWith('pii')) issue([...path, prefix], 'a personal-data category or detector (pii, pii.email, pii.card, …)')
    return { key: `${scope}|${prefix}`, prefix, limit }
  })
}

/**
 * Compiles the global policy and each route's and tool's merged policy (route keys override the
 * global ones, "off" switches a route off). Unknown keys and tiers fail closed, naming the field.
 */
export function buildDlpConfig(
  e: DlpEnv & { readonly MCP_TOOLS: readonly (Entry & { readonly name: string })[] },
  routes: readonly (Entry & { readonly key: string })[],
  tiers: Readonly<Record<string, unknown>>,
  ctx: z.RefinementCtx,
): DlpConfig {
  const issue: Issue = (path, message) => ctx.addIssue({ code: 'custom', path, message })
  const global = rulesOf(e.DLP_POLICY, ['DLP_POLICY'], issue)
  const compile = (p: PolicyInput, path: (string | number)[]): DlpPolicy | undefined => {
    if (p === 'off') return undefined
    const own = p === undefined ? { rules: {} } : rulesOf(p, path, issue)
    const rules: PolicyRules = { ...global.rules, ...own.rules }
    return compilePolicy(rules, e.DLP_MIN_CONFIDENCE, own.unscanned ?? global.unscanned ?? 'block')
  }
  const routePolicies = new Map<string, DlpPolicy | null>()
  const endpoints = new Map<string, RecordsBudget[]>()
  routes.forEach((r, i) => {
    routePolicies.set(r.key, compile(r.dlp, ['ROUTES', i, 'dlp']) ?? null)
    const b = budgetsOf(r.key, r.records_per_day, ['ROUTES', i, 'records_per_day'], issue)
    if (b.length > 0) endpoints.set(r.key, b)
  })
  const toolPolicies = new Map<string, DlpPolicy | null>()
  e.MCP_TOOLS.forEach((t, i) => {
    toolPolicies.set(t.name, compile(t.dlp, ['MCP_TOOLS', i, 'dlp']) ?? null)
    const endpoint = `mcp:${t.name}`
    const b = budgetsOf(endpoint, t.records_per_day, ['MCP_TOOLS', i, 'records_per_day'], issue)
    if (b.length > 0) endpoints.set(endpoint, b)
  })
  const tierBudgets = new Map<string, RecordsBudget[]>()
  for (const [tier, budgets] of Object.entries(e.DLP_RECORDS_PER_DAY)) {
    if (!Object.hasOwn(tiers, tier)) issue(['DLP_RECORDS_PER_DAY', tier], `a configured tier (${Object.keys(tiers).join(', ')})`)
    tierBudgets.set(tier, budgetsOf('*', budgets, ['DLP_RECORDS_PER_DAY', tier], issue))
  }
  const widest = Math.max(0, ...[...tierBudgets.values()].map((b) => b.length)) + Math.max(0, ...[...endpoints.values()].map((b) => b.length))
  if (widest > MAX_BUDGETS_PER_REQUEST) issue(['DLP_RECORDS_PER_DAY'], `at most ${MAX_BUDGETS_PER_REQUEST} records budgets may apply to one request (tier + route)`)
  return {
    routes: routePolicies,
    tools: toolPolicies,
    fallback: compile(undefined, ['DLP_POLICY']),
    maxBufferBytes: e.DLP_MAX_BUFFER_BYTES,
    minConfidence: e.DLP_MIN_CONFIDENCE,
    records: { tiers: tierBudgets, endpoints },
    fingerprintKey: e.DLP_FINGERPRINT_KEY,
  }
}

/** The policy of a route or tool (`table` is `routes` or `tools`); the global one for anything unlisted. */
export function policyFor(config: DlpConfig, table: 'routes' | 'tools', name: string): DlpPolicy | undefined {
  const p = config[table].get(name)
  return p === undefined ? config.fallback : (p ?? undefined)
}

/** The budgets in force for one request: the tier's (everywhere) and the endpoint's own. */
export function budgetsFor(config: DlpConfig, tier: string, endpoint: string): readonly RecordsBudget[] {
  const t = config.records.tiers.get(tier)
  const r = config.records.endpoints.get(endpoint)
  if (!t) return r ?? []
  return r ? [...t, ...r] : t
}

/** The `records` member of an evaluate() input: present only when a budget applies (spread it in). */
export function recordsBudgets(config: DlpConfig, tier: string, endpoint: string): { records?: readonly RecordsBudget[] } {
  const b = budgetsFor(config, tier, endpoint)
  return b.length > 0 ? { records: b } : {}
}
