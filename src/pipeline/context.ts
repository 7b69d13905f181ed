/**
 * @module Stage 0 (outermost): request id, parsed config, and the per-request record.
 *
 * It runs around everything else, so it sees the final response (allowed or rendered denial),
 * stamps X-Request-Id and the agent's RateLimit headers on it, and records one decision in
 * waitUntil: never delaying the answer, never failing it.
 */
import { createMiddleware } from 'hono/factory'
import type { Config } from '../config/schema'
import { toDataPoint, toLogLine, type Decision } from '../telemetry/decision'
import type { GatewayEnv } from './types'

function decisionOf(c: Parameters<Parameters<typeof createMiddleware<GatewayEnv>>[0]>[0], status: number): Decision {
  const v = c.var
  const denial = v.denial
  const verdict = v.verdict
  return {
    requestId: v.requestId,
    agentId: v.principal?.agentId,
    outcome: denial ? 'deny' : v.failedOpen ? 'failed_open' : status >= 500 ? 'error' : 'allow',
    code: denial?.code ?? (v.failedOpen ? 'FAILED_OPEN' : 'OK'),
    reason: denial?.reason ?? '',
    endpoint: v.route?.key ?? `${c.req.method} ${v.path ?? ''}`,
    tier: v.principal?.tier ?? '',
    ruleIds: v.inspection?.ruleIds ?? v.inspection?.screening.ruleIds ?? [],
    action: verdict?.action ?? 'none',
    risk: verdict?.risk ?? 0,
    cost: v.route?.cost ?? 0,
    bodyBytes: v.body?.bytes.byteLength ?? 0,
    latencyMs: Date.now() - v.startedAt,
    status,
  }
}

export function context(config: Config) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    c.set('startedAt', Date.now())
    c.set('config', config)
    c.set('tokenPresented', false)
    c.set('agentHeaders', new Headers())
    const incoming = c.req.header('x-request-id')
    c.set('requestId', incoming && /^[\w=-]{8,128}$/.test(incoming) ? incoming : crypto.randomUUID())
    await next()
    const res = new Response(c.res.body, c.res)
    res.headers.set('x-request-id', c.var.requestId)
    for (const [k, v] of c.var.agentHeaders) res.headers.set(k, v)
    c.res = res
    const decision = decisionOf(c, res.status)
    const record = () => {
      console.log(JSON.stringify(toLogLine(decision)))
      c.env.SECURITY_EVENTS?.writeDataPoint(toDataPoint(decision))
    }
    try {
      c.executionCtx.waitUntil(Promise.resolve().then(record))
    } catch {
      record()
    }
  })
}
