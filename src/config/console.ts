/**
 * @module Operator console, security-event log and admin brute-force limit: env → typed config (zod).
 *
 * Pure, like schema.ts, which spreads CONSOLE_ENV_FIELDS into the env schema and calls
 * buildConsoleConfig() in its transform. Messages never echo values: CONSOLE_SESSION_SECRET and
 * ANALYTICS_API_TOKEN are secrets.
 */
import * as z from 'zod'
import type { AdminAuthLimiter } from '../admin/auth-limiter'
import { AdminAuthLimiterClient } from '../clients/admin-auth-limiter'
import { EventLogClient } from '../clients/event-log'
import type { SecurityEventLog } from '../events/event-log'
import type { LockoutPolicy } from '../issuer/lockout'
import { namespace, where } from './bindings'
import { int } from './coerce'

export const CONSOLE_ENV_FIELDS = {
  /** Signs console sessions (HKDF → HMAC key); defaults to a key derived from ADMIN_TOKEN. */
  CONSOLE_SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  CONSOLE_SESSION_TTL_SECONDS: int(60, 43_200).default(3_600),
  /** Cloudflare Access: the Zero Trust team name (`<team>.cloudflareaccess.com`) and the application AUD tag. */
  CONSOLE_ACCESS_TEAM: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.cloudflareaccess\.com)?$/, 'a Zero Trust team name, e.g. "acme" or "acme.cloudflareaccess.com"')
    .optional(),
  CONSOLE_ACCESS_AUD: z.string().regex(/^[A-Za-z0-9]{16,128}$/, "the Access application's AUD tag (16-128 letters and digits)").optional(),

  ADMIN_AUTH_LIMITER: namespace<AdminAuthLimiter>('ADMIN_AUTH_LIMITER', 'AdminAuthLimiter').optional(),
  ADMIN_MAX_FAILED_AUTH: int(1, 1_000).default(10),
  ADMIN_MAX_FAILED_AUTH_TOTAL: int(1, 10_000).default(100),
  ADMIN_FAILED_AUTH_WINDOW_SECONDS: int(1, 86_400).default(900),

  SECURITY_EVENT_LOG: namespace<SecurityEventLog>('SECURITY_EVENT_LOG', 'SecurityEventLog').optional(),
  EVENT_LOG_SHARDS: int(1, 64).default(4),
  EVENT_LOG_CAPACITY: int(100, 100_000).default(1_000),
  EVENT_LOG_MAX_PER_SECOND: int(1, 100_000).default(200),
  EVENT_LOG_TIMEOUT_MS: int(50, 30_000).default(1_000),

  ANALYTICS_ACCOUNT_ID: z.string().regex(/^[0-9a-f]{32}$/, 'a Cloudflare account id (32 lowercase hex characters)').optional(),
  ANALYTICS_API_TOKEN: z.string().min(20, 'an API token with Account Analytics: Read').optional(),
  ANALYTICS_DATASET: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'a dataset name (letters, digits, _)').default('tollgate_security_events'),
  ANALYTICS_API_BASE: z.url({ protocol: /^https?$/, error: 'an http(s) URL of the Cloudflare API' }).default('https://api.cloudflare.com/client/v4'),
}

const ConsoleEnvSchema = z.object(CONSOLE_ENV_FIELDS)
type ConsoleEnv = z.output<typeof ConsoleEnvSchema>

export type ConsoleConfig = {
  /** True when an operator can sign in: ADMIN_TOKEN or Cloudflare Access is configured. */
  readonly enabled: boolean
  /** The secret the session and CSRF keys are derived from (never sent anywhere). */
  readonly sessionSecret: string | undefined
  readonly sessionTtlSeconds: number
  readonly access: { readonly issuer: string; readonly certsUrl: string; readonly aud: string } | undefined
  /** Failed admin and console authentications (required whenever the console or admin API is on). */
  readonly limiter: AdminAuthLimiterClient | undefined
  readonly lockout: { readonly perAddress: LockoutPolicy; readonly overall: LockoutPolicy }
  readonly eventLog: {
    /** Absent when SECURITY_EVENT_LOG is not bound: nothing is recorded, and the console says so. */
    readonly client: EventLogClient | undefined
    readonly shards: number
    readonly capacity: number
    readonly maxPerSecond: number
  }
  readonly analytics: { readonly accountId: string; readonly token: string; readonly dataset: string; readonly apiBase: string } | undefined
}

/** The admin limiter's deadline is GUARD_TIMEOUT_MS, but never below this. */
export const ADMIN_LIMITER_MIN_TIMEOUT_MS = 2_000

/** What the rest of the configuration tells this block. */
export type ConsoleContext = { readonly adminToken: string | undefined; readonly guardTimeoutMs: number }

export function buildConsoleConfig(e: ConsoleEnv, x: ConsoleContext, ctx: z.RefinementCtx): ConsoleConfig {
  const adminToken = x.adminToken
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
  const accessSet = [e.CONSOLE_ACCESS_TEAM, e.CONSOLE_ACCESS_AUD].filter((v) => v !== undefined).length
  if (accessSet === 1) issue(e.CONSOLE_ACCESS_TEAM ? 'CONSOLE_ACCESS_AUD' : 'CONSOLE_ACCESS_TEAM', 'set both CONSOLE_ACCESS_TEAM and CONSOLE_ACCESS_AUD, or neither')
  const access = accessSet === 2 ? accessOf(e.CONSOLE_ACCESS_TEAM ?? '', e.CONSOLE_ACCESS_AUD ?? '') : undefined
  const enabled = adminToken !== undefined || access !== undefined
  const sessionSecret = e.CONSOLE_SESSION_SECRET ?? adminToken
  if (access && sessionSecret === undefined) issue('CONSOLE_SESSION_SECRET', 'required with Cloudflare Access when ADMIN_TOKEN is unset (it keys the CSRF tokens)')
  // A failure limit that is not there is a brute-force hole: fail closed rather than run without it.
  if (enabled && !e.ADMIN_AUTH_LIMITER) issue('ADMIN_AUTH_LIMITER', `required with ADMIN_TOKEN or Cloudflare Access (failed admin authentications are counted there): ${where('ADMIN_AUTH_LIMITER', 'AdminAuthLimiter')}`)
  if (e.ADMIN_MAX_FAILED_AUTH > e.ADMIN_MAX_FAILED_AUTH_TOTAL) issue('ADMIN_MAX_FAILED_AUTH', 'must be ≤ ADMIN_MAX_FAILED_AUTH_TOTAL')
  const analyticsSet = [e.ANALYTICS_ACCOUNT_ID, e.ANALYTICS_API_TOKEN].filter((v) => v !== undefined).length
  if (analyticsSet === 1) issue(e.ANALYTICS_ACCOUNT_ID ? 'ANALYTICS_API_TOKEN' : 'ANALYTICS_ACCOUNT_ID', 'set both ANALYTICS_ACCOUNT_ID and ANALYTICS_API_TOKEN, or neither')
  const window = e.ADMIN_FAILED_AUTH_WINDOW_SECONDS
  return {
    enabled,
    sessionSecret,
    sessionTtlSeconds: e.CONSOLE_SESSION_TTL_SECONDS,
    access,
    // Not on any agent's path: a generous deadline, so a slow moment never reads as an outage to an operator.
    limiter: e.ADMIN_AUTH_LIMITER ? new AdminAuthLimiterClient(e.ADMIN_AUTH_LIMITER, Math.max(x.guardTimeoutMs, ADMIN_LIMITER_MIN_TIMEOUT_MS)) : undefined,
    lockout: { perAddress: { maxFailures: e.ADMIN_MAX_FAILED_AUTH, windowSeconds: window }, overall: { maxFailures: e.ADMIN_MAX_FAILED_AUTH_TOTAL, windowSeconds: window } },
    eventLog: {
      client: e.SECURITY_EVENT_LOG ? new EventLogClient(e.SECURITY_EVENT_LOG, e.EVENT_LOG_TIMEOUT_MS) : undefined,
      shards: e.EVENT_LOG_SHARDS,
      capacity: e.EVENT_LOG_CAPACITY,
      maxPerSecond: e.EVENT_LOG_MAX_PER_SECOND,
    },
    analytics:
      analyticsSet === 2
        ? { accountId: e.ANALYTICS_ACCOUNT_ID ?? '', token: e.ANALYTICS_API_TOKEN ?? '', dataset: e.ANALYTICS_DATASET, apiBase: e.ANALYTICS_API_BASE.replace(/\/+$/, '') }
        : undefined,
  }
}

/** Access signs with the team's keys; `iss` is the team domain (developers.cloudflare.com, "Validate JWTs"). */
function accessOf(team: string, aud: string) {
  const host = team.endsWith('.cloudflareaccess.com') ? team : `${team}.cloudflareaccess.com`
  return { issuer: `https://${host}`, certsUrl: `https://${host}/cdn-cgi/access/certs`, aud }
}
