/**
 * @module DLP alerts: a Slack-compatible body for a secret leaving the origin or a records budget
 * crossed, deduplicated per isolate so one leaky endpoint does not page once per request. Pure
 * apart from the dedup memory (bounded).
 */
import type { DlpFindingEvent } from './event'

/** One alert per endpoint and cause per this long, per isolate. */
export const ALERT_EVERY_MS = 10 * 60_000
const MAX_REMEMBERED = 512
const lastSent = new Map<string, number>()

/** Secrets acted on, an answer withheld, or a records budget crossed: worth waking someone for. */
export function alertCause(e: DlpFindingEvent, recordsCrossed: boolean): string | undefined {
  if (recordsCrossed) return 'records_budget'
  if (e.action === 'block') return 'blocked'
  if (e.findings.some((f) => f.category === 'secret')) return 'secret'
  return undefined
}

/** Whether this cause on this endpoint was alerted less than ALERT_EVERY_MS ago; records it if not. */
export function shouldAlert(endpoint: string, cause: string, now: number): boolean {
  const key = `${endpoint}|${cause}`
  const last = lastSent.get(key)
  if (last !== undefined && now - last < ALERT_EVERY_MS) return false
  if (lastSent.size >= MAX_REMEMBERED) lastSent.clear()
  lastSent.set(key, now)
  return true
}

const TEXT: Record<string, string> = {
  secret: 'secrets in an answer',
  blocked: 'an answer withheld by data-loss policy',
  records_budget: 'a personal-data records budget crossed',
}

export function dlpAlertBody(e: DlpFindingEvent, cause: string): Record<string, unknown> {
  const what = e.findings.map((f) => `${f.id} ×${f.count}`).join(', ') || (e.unscanned ?? 'none')
  const text = `[high] Tollgate DLP: ${TEXT[cause] ?? cause} on ${e.endpoint} for agent ${e.agentId} (${what}; action ${e.action}), request ${e.requestId}`
  const field = (title: string, value: string, short = true) => ({ title, value, short })
  return {
    text,
    attachments: [
      {
        color: '#e07000',
        fields: [field('Agent', e.agentId), field('Endpoint', e.endpoint), field('Action', e.action), field('Findings', what, false), field('Records', String(e.records)), field('Request id', e.requestId)],
      },
    ],
    tollgate: { ...e, kind: 'dlp_alert', cause },
  }
}
