/**
 * @module Stage 0 (outermost): request id, parsed config, and the per-request record.
 *
 * It runs around everything else, so it sees the final response (allowed or rendered denial),
 * stamps X-Request-Id and the agent's RateLimit headers on it, and records one decision in
 * waitUntil: never delaying the answer, never failing it. It learns what happened from set-once
 * results, never from flags: the denial from `c.error` (Hono's compose sets it when a stage
 * throws), the verdict and any fail-open from the guard outcome.
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { Config } from '../config/schema'
import { recordSecurityEvents } from '../events/record'
import { sendAlert, type AlertEvent } from '../telemetry/alert'
import { toDataPoint, toLogLine, type Decision } from '../telemetry/decision'
import { log } from '../telemetry/log'
import { rateLimitHeaders } from '../guard/headers'
import { deniedWith, policiesOf, verdictOf } from './outcome'
import { declaredLength } from '../input/read'
import type { GatewayEnv } from './types'

type Ctx = Context<GatewayEnv>

function decisionOf(c: Ctx, status: number): Decision {
  const v = c.var
  const denial = deniedWith(c)
  const verdict = verdictOf(c)
  const failedOpen = v.guard?.kind === 'failed_open'
  return {
    requestId: v.requestId,
    agentId: v.principal?.agentId,
    outcome: denial ? 'deny' : failedOpen ? 'failed_open' : status >= 500 ? 'error' : 'allow',
    code: denial?.code ?? (failedOpen ? 'FAILED_OPEN' : 'OK'),
    reason: denial?.reason ?? '',
    endpoint: v.route?.key ?? `${c.req.method} ${v.path ?? ''}`,
    tier: v.principal?.tier ?? '',
    ruleIds: v.inspection?.ruleIds ?? v.inspection?.screening.ruleIds ?? [],
    action: verdict?.action ?? 'none',
    risk: verdict?.risk ?? 0,
    cost: v.route?.cost ?? 0,
    bodyBytes: v.body?.bytes.byteLength ?? (v.principal ? declaredLength(c.req.raw.headers) : undefined) ?? 0,
    latencyMs: Date.now() - v.startedAt,
    status,
    ...(verdict?.anomalies?.length ? { anomalies: verdict.anomalies.map((a) => `${a.signal}:${a.strength}${a.shadow ? '(shadow)' : ''}`) } : {}),
    ...(verdict?.shadowAction ? { shadowAction: verdict.shadowAction } : {}),
  }
}

/** The alert the guard asked for, if any: logged always, POSTed when ALERT_WEBHOOK_URL is set. */
function alertOf(c: Ctx, d: Decision): (() => Promise<void>) | undefined {
  const due = verdictOf(c)?.alert
  if (!due || d.agentId === undefined) return undefined
  const event: AlertEvent = {
    agentId: d.agentId,
    severity: due.severity,
    risk: due.risk,
    anomalies: due.anomalies,
    action: due.action,
    endpoint: d.endpoint,
    requestId: d.requestId,
    blockedUntil: due.blockedUntil,
    at: Date.now(),
  }
  const url = c.get('config').risk.alert.webhookUrl
  return async () => {
    log({ event: 'risk_alert', requestId: d.requestId, agentId: d.agentId, severity: due.severity, action: due.action, risk: due.risk, anomalies: due.anomalies })
    if (url === undefined) return
    const sent = await sendAlert(url, event)
    log({ event: sent.ok ? 'alert_sent' : 'alert_failed', requestId: d.requestId, agentId: d.agentId, attempts: sent.attempts, status: sent.status ?? null, error: sent.error ?? null })
  }
}

/**
 * Adds X-Request-Id and the agent's RateLimit fields (from the guard's verdict) to the final response. Responses built by
 * Tollgate have mutable headers, so they are stamped in place; only an immutable one (a Response
 * passed through untouched) is re-wrapped, which Hono's `c.res` setter does once.
 */
function stamp(c: Ctx): void {
  const policies = policiesOf(c)
  const owed: Array<[string, string]> = [['x-request-id', c.get('requestId')], ...(policies.length > 0 ? Object.entries(rateLimitHeaders(policies)) : [])]
  try {
    for (const [k, v] of owed) c.res.headers.set(k, v)
  } catch {
    const res = new Response(c.res.body, c.res)
    for (const [k, v] of owed) res.headers.set(k, v)
    c.res = res
  }
}

export function context(config: Config) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    c.set('startedAt', Date.now())
    c.set('config', config)
    c.set('url', new URL(c.req.url))
    const incoming = c.req.header('x-request-id')
    c.set('requestId', incoming && /^[\w=-]{8,128}$/.test(incoming) ? incoming : crypto.randomUUID())
    await next()
    stamp(c)
    const decision = decisionOf(c, c.res.status)
    recordSecurityEvents(c, decision)
    const record = () => {
      console.log(JSON.stringify(toLogLine(decision)))
      config.clients.events?.writeDataPoint(toDataPoint(decision))
    }
    const notify = alertOf(c, decision)
    try {
      c.executionCtx.waitUntil(Promise.resolve().then(record))
      if (notify) c.executionCtx.waitUntil(notify())
    } catch {
      record()
      void notify?.()
    }
  })
}
