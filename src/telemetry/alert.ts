/**
 * @module Risk alerts: a Slack-compatible JSON POST to ALERT_WEBHOOK_URL, with bounded retries.
 *
 * The body carries `text` (what Slack and most chat webhooks display), Slack `attachments` fields
 * for people, and a `tollgate` object for machines. It is sent from the Worker in waitUntil, never
 * on the request path: a slow or failing receiver can neither delay nor fail an answer. Retries
 * cover network errors, 429 and 5xx (the cases where trying again can help), with a per-attempt
 * timeout, and then give up: an alert is never worth unbounded work. No token or body ever goes in.
 */

export type AlertEvent = {
  readonly agentId: string
  readonly severity: 'high' | 'critical'
  readonly risk: number
  readonly anomalies: readonly string[]
  readonly action: string
  readonly endpoint: string
  readonly requestId: string
  /** Epoch ms, or null for an indefinite block. */
  readonly blockedUntil: number | null
  /** Epoch ms of the decision. */
  readonly at: number
}

export type AlertBody = {
  readonly text: string
  readonly attachments: readonly { color: string; fields: readonly { title: string; value: string; short: boolean }[] }[]
  readonly tollgate: AlertEvent & { readonly kind: 'risk_alert' }
}

const VERB: Record<string, string> = { block: 'blocked', revoke: 'blocked and revoked every token of' }

export function alertBody(a: AlertEvent): AlertBody {
  const until = a.blockedUntil === null ? 'indefinitely' : `until ${new Date(a.blockedUntil).toISOString()}`
  const why = a.anomalies.length > 0 ? a.anomalies.join(', ') : 'accumulated risk'
  const text = `[${a.severity}] Tollgate ${VERB[a.action] ?? a.action} agent ${a.agentId} ${until}: risk ${a.risk.toFixed(2)} (${why}) on ${a.endpoint}, request ${a.requestId}`
  const field = (title: string, value: string, short = true) => ({ title, value, short })
  return {
    text,
    attachments: [
      {
        color: a.severity === 'critical' ? '#b00020' : '#e07000',
        fields: [
          field('Agent', a.agentId),
          field('Severity', a.severity),
          field('Risk', a.risk.toFixed(2)),
          field('Action', a.action),
          field('Anomalies', why, false),
          field('Endpoint', a.endpoint),
          field('Request id', a.requestId),
        ],
      },
    ],
    tollgate: { kind: 'risk_alert', ...a, anomalies: [...a.anomalies] },
  }
}

export type SendOptions = {
  readonly fetch?: typeof fetch
  /** Total attempts, first one included (default 3). */
  readonly attempts?: number
  /** Wait before retry i (default 250 ms, then 1 s). */
  readonly backoffMs?: readonly number[]
  /** Per-attempt timeout (default 5 s). */
  readonly timeoutMs?: number
}

export type SendResult = { readonly ok: boolean; readonly attempts: number; readonly status?: number; readonly error?: string }

const retryable = (status: number) => status === 429 || status >= 500

/** Never throws: the outcome is returned for the log line. */
export function sendAlert(url: string, alert: AlertEvent, o: SendOptions = {}): Promise<SendResult> {
  return postAlert(url, alertBody(alert), o)
}

/** POSTs any Slack-compatible alert body (risk alerts above, DLP alerts in src/dlp/alert.ts). Never throws. */
export async function postAlert(url: string, payload: unknown, o: SendOptions = {}): Promise<SendResult> {
  const doFetch = o.fetch ?? fetch
  const attempts = Math.max(1, Math.min(o.attempts ?? 3, 5))
  const backoff = o.backoffMs ?? [250, 1000]
  const body = JSON.stringify(payload)
  let last: SendResult = { ok: false, attempts: 0 }
  for (let i = 1; i <= attempts; i++) {
    if (i > 1) await new Promise((r) => setTimeout(r, backoff[Math.min(i - 2, backoff.length - 1)] ?? 0))
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 5_000),
      })
      await res.body?.cancel()
      if (res.ok) return { ok: true, attempts: i, status: res.status }
      last = { ok: false, attempts: i, status: res.status }
      if (!retryable(res.status)) return last
    } catch (error) {
      last = { ok: false, attempts: i, error: error instanceof Error ? error.name : 'error' }
    }
  }
  return last
}
