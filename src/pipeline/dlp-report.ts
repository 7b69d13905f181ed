/**
 * @module The imperative shell of DLP: charge an answer's records to the guard, and record a finding
 * (log line, Analytics Engine point, security event, alert). Used by the REST stage and the MCP path.
 *
 * Nothing here reads a value: findings arrive as counts and keyed fingerprints (src/dlp/event.ts).
 */
import type { Context } from 'hono'
import { budgetsFor } from '../config/dlp'
import { alertCause, dlpAlertBody, shouldAlert } from '../dlp/alert'
import { chargesFor, findingEvent, type DlpFindingEvent, type EventContext } from '../dlp/event'
import type { StreamOutcome } from '../dlp/stream'
import type { Tally } from '../dlp/types'
import { deny } from '../errors/denial'
import { Unavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../clients/deadline'
import type { RecordsVerdict } from '../guard/protocol'
import { postAlert } from '../telemetry/alert'
import { toDataPoint } from '../telemetry/decision'
import { log } from '../telemetry/log'
import { verdictOf } from './outcome'
import type { GatewayEnv } from './types'

type C = Context<GatewayEnv>

export function eventContext(c: C, endpoint: string): EventContext {
  const p = c.get('principal')
  return { requestId: c.get('requestId'), agentId: p.agentId, tier: p.tier, endpoint }
}

/**
 * Charges the personal-data records of one scanned answer to the agent's budgets in force. Strict
 * (a buffered answer not yet released): throws RECORDS_BUDGET_EXHAUSTED when it does not fit, and
 * fails closed (GUARD_UNAVAILABLE) when the guard cannot be reached, unless the route fails open.
 * Not strict (the answer already went out): never throws. Returns whether a budget was crossed.
 */
export async function chargeAnswerRecords(c: C, endpoint: string, tally: Tally, strict: boolean): Promise<boolean> {
  const config = c.get('config')
  const principal = c.get('principal')
  const charges = chargesFor(tally.counts, budgetsFor(config.dlp, principal.tier, endpoint)).filter((x) => x.n > 0)
  if (charges.length === 0) return false
  let verdict: RecordsVerdict
  try {
    verdict = await config.clients.guard.chargeRecords(principal.agentId, { requestId: c.get('requestId'), charges, strict, risk: config.risk.policy })
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error
    log({ event: 'dlp_records_charge_failed', requestId: c.get('requestId'), agentId: principal.agentId, endpoint, strict, reason: error.reason })
    if (strict && c.get('route')?.failMode !== 'open') throw deny('GUARD_UNAVAILABLE', `records_${error.reason}`, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS })
    return false
  }
  // The RateLimit fields then show the records budgets after this answer (outcome.ts policiesOf).
  if (strict) c.set('records', verdict)
  if (verdict.outcome === 'deny') {
    throw deny('RECORDS_BUDGET_EXHAUSTED', verdict.reason, verdict.retryAfterSeconds !== undefined ? { retryAfterSeconds: verdict.retryAfterSeconds } : {})
  }
  return verdict.crossed
}

const CODE: Record<DlpFindingEvent['action'], string> = { none: 'OK', log: 'DLP_LOGGED', redact: 'DLP_REDACTED', block: 'DLP_BLOCKED', unscanned: 'DLP_UNSCANNED' }

/**
 * Records one answer's findings (no-op when nothing was found and everything was read): a log line,
 * an Analytics Engine point (outcome `dlp`), and an alert for secrets, blocks and crossed budgets.
 * The event object is what an operator's security-event log stores.
 */
export async function reportFinding(
  c: C,
  ctx: EventContext,
  mode: DlpFindingEvent['mode'],
  tally: Tally,
  extra: { outcome?: StreamOutcome; unscanned?: string; withheld?: boolean; recordsCrossed?: boolean } = {},
): Promise<DlpFindingEvent | undefined> {
  if (tally.worst === 'none' && extra.unscanned === undefined && !extra.recordsCrossed) return undefined
  const config = c.get('config')
  const event = await findingEvent(ctx, mode, tally, { ...extra, key: config.dlp.fingerprintKey })
  const code = extra.withheld && event.action === 'unscanned' ? 'DLP_UNSCANNABLE' : CODE[event.action]
  log({
    event: 'dlp_finding',
    requestId: event.requestId,
    agentId: event.agentId,
    endpoint: event.endpoint,
    mode: event.mode,
    action: event.action,
    code,
    outcome: event.outcome,
    unscanned: event.unscanned,
    findings: event.findings.map((f) => `${f.id}:${f.count}`),
    records: event.records,
    fingerprints: event.fingerprints.map((f) => `${f.id}:${f.fingerprint}`),
    recordsCrossed: extra.recordsCrossed ?? false,
  })
  config.clients.events?.writeDataPoint(
    toDataPoint({
      requestId: event.requestId,
      agentId: event.agentId,
      outcome: 'dlp',
      code,
      reason: '',
      endpoint: event.endpoint,
      tier: event.tier,
      ruleIds: event.findings.map((f) => f.id),
      action: event.action,
      risk: verdictOf(c)?.risk ?? 0,
      cost: 0,
      bodyBytes: 0,
      latencyMs: Date.now() - c.get('startedAt'),
      status: c.res?.status ?? 0,
      dlp: { counts: tally.counts, records: event.records },
    }),
  )
  const cause = alertCause(event, extra.recordsCrossed ?? false)
  const url = config.risk.alert.webhookUrl
  if (cause && shouldAlert(event.endpoint, cause, event.at)) {
    log({ event: 'dlp_alert', requestId: event.requestId, agentId: event.agentId, endpoint: event.endpoint, cause })
    if (url !== undefined) {
      const sent = await postAlert(url, dlpAlertBody(event, cause))
      log({ event: sent.ok ? 'alert_sent' : 'alert_failed', requestId: event.requestId, attempts: sent.attempts, status: sent.status ?? null, error: sent.error ?? null })
    }
  }
  return event
}

/** Work after the answer: in the runtime's waitUntil, or inline where there is no execution context. */
export function afterAnswer(c: C, work: Promise<unknown>): void {
  const guarded = work.catch((error: unknown) => log({ event: 'dlp_report_failed', requestId: c.get('requestId'), error: error instanceof Error ? error.name : 'unknown' }))
  try {
    c.executionCtx.waitUntil(guarded)
  } catch {
    void guarded
  }
}
