/**
 * @module One decision per request → a structured log line and an Analytics Engine data point.
 *
 * Data point layout (docs/analytics.md; positions are a contract, only ever appended to):
 * - index1 = agent id (so Analytics Engine samples fairly per agent);
 * - blob1 outcome, blob2 code, blob3 route or tool, blob4 tier, blob5 rule ids (space-separated,
 *   sorted), blob6 action (`shadow:<action>` when the action policy runs in shadow mode),
 *   blob7 request id (to join with logs and alerts);
 * - double1 risk, double2 cost, double3 body bytes, double4 latency ms, double5 status;
 * - only on DLP points (outcome `dlp`, docs/dlp.md): blob8 findings (`id:count`, sorted),
 *   double6 findings acted on, double7 personal-data records.
 */
export type Decision = {
  readonly requestId: string
  readonly agentId: string | undefined
  readonly outcome: 'allow' | 'deny' | 'failed_open' | 'error' | 'dlp'
  readonly code: string
  readonly reason: string
  readonly endpoint: string
  readonly tier: string
  readonly ruleIds: readonly string[]
  readonly action: string
  readonly risk: number
  readonly cost: number
  readonly bodyBytes: number
  readonly latencyMs: number
  readonly status: number
  /** Signals that fired ("enumeration:0.62", "(shadow)" for shadow signals); logs only. */
  readonly anomalies?: readonly string[]
  /** In shadow mode, the action the risk policy would have taken. */
  readonly shadowAction?: string
  /** DLP findings of one answer: acted-on counts by detector id, and the personal-data records. */
  readonly dlp?: { readonly counts: Readonly<Record<string, number>>; readonly records: number }
}

const findingsBlob = (counts: Readonly<Record<string, number>>): string =>
  Object.keys(counts)
    .sort()
    .map((k) => `${k}:${counts[k]}`)
    .join(' ')
    .slice(0, 512)

/** The action as analytics records it: shadow decisions stay apart from enforced ones. */
export const actionBlob = (d: Decision): string =>
  d.shadowAction !== undefined && d.shadowAction !== 'none' ? `shadow:${d.shadowAction}` : d.action

export function toDataPoint(d: Decision): AnalyticsEngineDataPoint {
  const point: AnalyticsEngineDataPoint = {
    indexes: [(d.agentId ?? 'anonymous').slice(0, 96)],
    blobs: [
      d.outcome,
      d.code,
      d.endpoint.slice(0, 256),
      d.tier,
      [...d.ruleIds].sort().join(' ').slice(0, 512),
      actionBlob(d),
      d.requestId,
    ],
    doubles: [d.risk, d.cost, d.bodyBytes, d.latencyMs, d.status],
  }
  if (!d.dlp) return point
  const total = Object.values(d.dlp.counts).reduce((a, b) => a + b, 0)
  return { ...point, blobs: [...point.blobs!, findingsBlob(d.dlp.counts)], doubles: [...point.doubles!, total, d.dlp.records] }
}

/**
 * Ids, codes and numbers only: never tokens, bodies or header values. Fields are picked one by one,
 * so nothing a caller attaches to the decision object can ride into the log.
 */
export function toLogLine(d: Decision): Record<string, unknown> {
  return {
    event: 'decision',
    requestId: d.requestId,
    agentId: d.agentId,
    outcome: d.outcome,
    code: d.code,
    reason: d.reason,
    endpoint: d.endpoint,
    tier: d.tier,
    ruleIds: [...d.ruleIds],
    action: d.action,
    risk: d.risk,
    cost: d.cost,
    bodyBytes: d.bodyBytes,
    latencyMs: d.latencyMs,
    status: d.status,
    ...(d.anomalies ? { anomalies: [...d.anomalies] } : {}),
    ...(d.shadowAction !== undefined ? { shadowAction: d.shadowAction } : {}),
    ...(d.dlp ? { findings: findingsBlob(d.dlp.counts), records: d.dlp.records } : {}),
  }
}
