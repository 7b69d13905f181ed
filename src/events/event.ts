/**
 * @module The security event: one denial, alert or admin authentication failure, as operators see it. Pure.
 *
 * Additive by design: `kind` is an open lower_snake name (denial, alert, failed_open, auth_failure,
 * admin_action today; DLP findings and MCP pin events can add theirs), and `details` is a small
 * flat map for what a kind adds. Reasons are internal reasons: shown to operators, never on the
 * agent's wire. Nothing here comes from a token, a secret or a body.
 */
import * as z from 'zod'
import type { AlertDue } from '../guard/protocol'
import type { Decision } from '../telemetry/decision'

const KIND = /^[a-z][a-z0-9_]{0,31}$/
const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,31}$/
const MAX_DETAILS = 16

const DetailValue = z.union([z.string().max(512), z.number().finite(), z.boolean()])

export const SecurityEventSchema = z
  .object({
    kind: z.string().regex(KIND),
    code: z.string().max(64),
    agentId: z.string().max(128).nullable(),
    /** The route template or MCP tool (never a concrete path), or the admin path for auth failures. */
    endpoint: z.string().max(256),
    reason: z.string().max(256),
    requestId: z.string().max(128),
    /** Epoch ms. */
    at: z.number().int().nonnegative(),
    status: z.number().int().min(0).max(999),
    risk: z.number().min(0).max(1),
    details: z
      .record(z.string().regex(DETAIL_KEY), DetailValue)
      .refine((d) => Object.keys(d).length <= MAX_DETAILS, `at most ${MAX_DETAILS} details`)
      .optional(),
  })
  .strict()

export type SecurityEvent = z.output<typeof SecurityEventSchema>
export type EventDetails = NonNullable<SecurityEvent['details']>

/** Denials of the admin surface are authentication failures (issue 12 item 13), not agent denials. */
const AUTH_FAILURE_CODES: ReadonlySet<string> = new Set(['ADMIN_UNAUTHORIZED', 'ADMIN_AUTH_THROTTLED'])

/** What a decision leaves in the log: nothing when allowed without an alert (the hot path). */
export function eventsOf(d: Decision, alert: AlertDue | undefined, now: number, client?: string): SecurityEvent[] {
  const out: SecurityEvent[] = []
  const base = {
    code: d.code,
    agentId: d.agentId ?? null,
    endpoint: d.endpoint.slice(0, 256),
    requestId: d.requestId.slice(0, 128),
    at: now,
    status: d.status,
    risk: clamp01(d.risk),
  }
  if (d.outcome === 'deny' || d.outcome === 'failed_open') {
    const authFailure = AUTH_FAILURE_CODES.has(d.code)
    const details: EventDetails = {}
    if (d.tier) details['tier'] = d.tier.slice(0, 64)
    if (d.ruleIds.length) details['rules'] = [...d.ruleIds].sort().join(' ').slice(0, 512)
    if (d.action !== 'none') details['action'] = d.action
    if (d.shadowAction !== undefined && d.shadowAction !== 'none') details['shadowAction'] = d.shadowAction
    if (d.anomalies?.length) details['anomalies'] = d.anomalies.join(' ').slice(0, 512)
    if (authFailure && client) details['client'] = client.slice(0, 64)
    out.push({ ...base, kind: authFailure ? 'auth_failure' : d.outcome === 'deny' ? 'denial' : 'failed_open', reason: d.reason.slice(0, 256), ...withDetails(details) })
  }
  if (alert) {
    const details: EventDetails = { severity: alert.severity, action: alert.action, anomalies: alert.anomalies.join(' ').slice(0, 512) }
    if (alert.blockedUntil !== null) details['blockedUntil'] = alert.blockedUntil
    out.push({ ...base, kind: 'alert', code: alert.action === 'revoke' ? 'RISK_REVOKE' : 'RISK_BLOCK', reason: `risk ${alert.risk.toFixed(2)}`, risk: clamp01(alert.risk), ...withDetails(details) })
  }
  return out
}

const withDetails = (details: EventDetails) => (Object.keys(details).length ? { details } : {})
const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0)
