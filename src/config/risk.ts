/**
 * @module Risk configuration (docs/behavior.md): env bindings → the RiskPolicy sent to the guard,
 * and the alert webhook. Pure; referenced from schema.ts, so a bad field fails closed by name.
 *
 * Every field is optional and defaults to DEFAULT_RISK_POLICY, so the defaults live in one place.
 */
import * as z from 'zod'
import { bool, json, num } from './coerce'
import {
  DEFAULT_RISK_POLICY,
  SIGNALS,
  type RiskPolicy,
  type SignalName,
  type SignalSetting,
} from '../guard/risk-policy'

const unit = z.number().min(0).max(1)
const seconds = (max: number) => num(z.number().int().min(1).max(max))

const ModeSchema = z.enum(['on', 'shadow', 'off'])
/** A signal's mode alone ("shadow"), or `{ mode, weight }` with either part. */
const SignalOverrideSchema = z.union([ModeSchema, z.object({ mode: ModeSchema.optional(), weight: unit.optional() }).strict()])

/** "GET /api/orders" (a route key) or "mcp:tool_name" (an MCP tool). */
const StepSchema = z.string().regex(/^(?:[A-Z]+ \/\S*|mcp:[A-Za-z0-9_.-]{1,128})$/, 'an endpoint like "GET /api/orders" or "mcp:tool"')

const ChainSchema = z
  .object({
    name: z.string().regex(/^[\w.-]{1,64}$/, 'a short name (letters, digits, _ . -)'),
    steps: z.array(StepSchema).min(2, 'at least 2 steps').max(6, 'at most 6 steps'),
    window_seconds: num(z.number().int().min(1).max(86_400)),
    weight: unit.optional(),
  })
  .strict()

export const RISK_ENV_FIELDS = {
  RISK_THRESHOLDS: json(z.object({ log: unit.optional(), throttle: unit.optional(), block: unit.optional(), revoke: unit.optional() }).strict()).default({}),
  RISK_THROTTLE_FACTOR: num(z.number().gt(0, 'above 0').max(1, 'at most 1 (it scales limits down)')).optional(),
  RISK_THROTTLE_SECONDS: seconds(86_400).optional(),
  RISK_BLOCK_SECONDS: seconds(30 * 86_400).optional(),
  RISK_SHADOW: bool.optional(),
  RISK_SIGNALS: json(z.partialRecord(z.enum(SIGNALS), SignalOverrideSchema)).default({}),
  RISK_HALF_LIFE_SECONDS: seconds(7 * 86_400).optional(),
  RISK_WARMUP_REQUESTS: num(z.number().int().min(0).max(100_000)).optional(),
  RISK_WARMUP_SECONDS: num(z.number().int().min(0).max(7 * 86_400)).optional(),
  RISK_ENUMERATION: json(z.object({ start: num(z.number().int().min(1).max(1_000)).optional(), full: num(z.number().int().min(2).max(1_000)).optional(), window_seconds: seconds(86_400).optional() }).strict()).default({}),
  SENSITIVE_CHAINS: json(z.array(ChainSchema).max(8, 'at most 8 chains')).default([]),
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'an http(s) URL that accepts a JSON POST (Slack-compatible)' }).optional(),
}

const RiskEnvSchema = z.object(RISK_ENV_FIELDS)
type RiskEnv = z.output<typeof RiskEnvSchema>

export type AlertConfig = { readonly webhookUrl: string | undefined }
export type RiskConfig = { readonly policy: RiskPolicy; readonly alert: AlertConfig }

/**
 * Builds the policy. `endpoints` are the configured route keys: a chain step naming no route is
 * a typo that would never fire, so it is rejected (MCP steps are checked by prefix only).
 */
export function buildRiskConfig(e: RiskEnv, endpoints: ReadonlySet<string>, ctx: z.RefinementCtx): RiskConfig {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  const d = DEFAULT_RISK_POLICY
  const thresholds = { ...d.thresholds, ...definedOnly(e.RISK_THRESHOLDS) }
  if (!(thresholds.log <= thresholds.throttle && thresholds.throttle <= thresholds.block && thresholds.block <= thresholds.revoke)) {
    issue(['RISK_THRESHOLDS'], 'expected log ≤ throttle ≤ block ≤ revoke')
  }
  const enumeration = {
    start: e.RISK_ENUMERATION.start ?? d.enumeration.start,
    full: e.RISK_ENUMERATION.full ?? d.enumeration.full,
    windowMs: e.RISK_ENUMERATION.window_seconds !== undefined ? e.RISK_ENUMERATION.window_seconds * 1000 : d.enumeration.windowMs,
  }
  if (enumeration.full <= enumeration.start) issue(['RISK_ENUMERATION', 'full'], 'must be greater than start')
  const signals = Object.fromEntries(
    SIGNALS.map((name): [SignalName, SignalSetting] => {
      const o = e.RISK_SIGNALS[name]
      const base = d.signals[name]
      if (o === undefined) return [name, base]
      if (typeof o === 'string') return [name, { ...base, mode: o }]
      return [name, { mode: o.mode ?? base.mode, weight: o.weight ?? base.weight }]
    }),
  ) as Record<SignalName, SignalSetting>
  e.SENSITIVE_CHAINS.forEach((c, i) =>
    c.steps.forEach((step, j) => {
      if (!step.startsWith('mcp:') && !endpoints.has(step)) issue(['SENSITIVE_CHAINS', i, 'steps', j], 'a configured route ("METHOD /template" as in ROUTES)')
    }),
  )
  const policy: RiskPolicy = {
    thresholds,
    throttleFactor: e.RISK_THROTTLE_FACTOR ?? d.throttleFactor,
    throttleMs: e.RISK_THROTTLE_SECONDS !== undefined ? e.RISK_THROTTLE_SECONDS * 1000 : d.throttleMs,
    blockMs: e.RISK_BLOCK_SECONDS !== undefined ? e.RISK_BLOCK_SECONDS * 1000 : d.blockMs,
    shadow: e.RISK_SHADOW ?? d.shadow,
    halfLifeMs: e.RISK_HALF_LIFE_SECONDS !== undefined ? e.RISK_HALF_LIFE_SECONDS * 1000 : d.halfLifeMs,
    warmupRequests: e.RISK_WARMUP_REQUESTS ?? d.warmupRequests,
    warmupMs: e.RISK_WARMUP_SECONDS !== undefined ? e.RISK_WARMUP_SECONDS * 1000 : d.warmupMs,
    signals,
    enumeration,
    chains: e.SENSITIVE_CHAINS.map((c) => ({
      name: c.name,
      steps: c.steps,
      windowMs: c.window_seconds * 1000,
      ...(c.weight !== undefined ? { weight: c.weight } : {}),
    })),
  }
  return { policy, alert: { webhookUrl: e.ALERT_WEBHOOK_URL } }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
