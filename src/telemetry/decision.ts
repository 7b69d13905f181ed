/**
 * @module One decision per request → a structured log line and an Analytics Engine data point.
 *
 * Data point layout (docs/analytics.md): index = agent id (fair sampling per agent);
 * blobs = outcome, code, endpoint, tier, rule ids, action, request id;
 * doubles = risk, cost, body bytes, latency ms, status.
 */
export type Decision = {
  readonly requestId: string
  readonly agentId: string | undefined
  readonly outcome: 'allow' | 'deny' | 'failed_open' | 'error'
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
}

export function toDataPoint(d: Decision): AnalyticsEngineDataPoint {
  return {
    indexes: [(d.agentId ?? 'anonymous').slice(0, 96)],
    blobs: [d.outcome, d.code, d.endpoint.slice(0, 256), d.tier, d.ruleIds.join(' ').slice(0, 512), d.action, d.requestId],
    doubles: [d.risk, d.cost, d.bodyBytes, d.latencyMs, d.status],
  }
}

export function toLogLine(d: Decision): Record<string, unknown> {
  return { event: 'decision', ...d, ruleIds: [...d.ruleIds] }
}
