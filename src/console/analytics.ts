/**
 * @module The overview from Analytics Engine SQL (production): three queries over the last hour.
 *
 * POST `<api>/accounts/<id>/analytics_engine/sql` with the API token (Account Analytics: Read),
 * exactly as `npm run blocks` does; counts are `SUM(_sample_interval)` because Analytics Engine
 * samples (docs/analytics.md). Only the dataset name and fixed numbers are interpolated, and the
 * dataset name is checked by the config schema. Fetch-injectable so the unit test runs it against
 * a local fake of the SQL API.
 */
import type { ConsoleConfig } from '../config/console'
import { withTimeout } from '../lib/timeout'
import { bucketsFor, OVERVIEW_MINUTES, type Overview, type Ranked, type SeriesPoint } from './summary'

type Analytics = NonNullable<ConsoleConfig['analytics']>
type Fetch = (input: string, init: RequestInit) => Promise<Response>

export class AnalyticsError extends Error {
  override name = 'AnalyticsError'
}

export function overviewQueries(dataset: string, bucketSeconds: number): { series: string; agents: string; endpoints: string } {
  const recent = `timestamp > NOW() - INTERVAL '${OVERVIEW_MINUTES}' MINUTE AND blob1 = 'deny'`
  return {
    series: `SELECT intDiv(toUInt32(timestamp), ${bucketSeconds}) * ${bucketSeconds} AS t, blob2 AS code, SUM(_sample_interval) AS n FROM ${dataset} WHERE ${recent} GROUP BY t, code ORDER BY t FORMAT JSON`,
    agents: `SELECT index1 AS agent, SUM(_sample_interval) AS n, MAX(double1) AS risk FROM ${dataset} WHERE ${recent} AND index1 != 'anonymous' GROUP BY agent ORDER BY n DESC LIMIT 50 FORMAT JSON`,
    endpoints: `SELECT blob3 AS endpoint, SUM(_sample_interval) AS n FROM ${dataset} WHERE ${recent} GROUP BY endpoint ORDER BY n DESC LIMIT 10 FORMAT JSON`,
  }
}

async function sql(cfg: Analytics, query: string, fetcher: Fetch, timeoutMs: number): Promise<Record<string, unknown>[]> {
  const url = `${cfg.apiBase}/accounts/${encodeURIComponent(cfg.accountId)}/analytics_engine/sql`
  const res = await withTimeout(fetcher(url, { method: 'POST', headers: { authorization: `Bearer ${cfg.token}`, 'content-type': 'text/plain' }, body: query }), timeoutMs)
  const text = await withTimeout(res.text(), timeoutMs)
  // The API's message may echo the query, never the token; keep it short for the operator.
  if (!res.ok) throw new AnalyticsError(`the SQL API answered ${res.status}${res.status === 401 || res.status === 403 ? ' (check ANALYTICS_API_TOKEN: Account Analytics Read)' : ''}`)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new AnalyticsError('the SQL API answered something that is not JSON')
  }
  const data = (body as { data?: unknown }).data
  return Array.isArray(data) ? data.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null) : []
}

const n = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : 0)
const s = (v: unknown) => (typeof v === 'string' ? v.slice(0, 256) : String(v ?? '').slice(0, 256))

export async function analyticsOverview(cfg: Analytics, now: number, fetcher: Fetch = (u, i) => fetch(u, i), timeoutMs = 5_000): Promise<Overview> {
  const { buckets, bucketMs } = bucketsFor(now)
  const q = overviewQueries(cfg.dataset, bucketMs / 1000)
  const [series, agents, endpoints] = await Promise.all([sql(cfg, q.series, fetcher, timeoutMs), sql(cfg, q.agents, fetcher, timeoutMs), sql(cfg, q.endpoints, fetcher, timeoutMs)])
  const points: SeriesPoint[] = series.map((r) => ({ t: n(r['t']) * 1000, code: s(r['code']), count: n(r['n']) })).filter((p) => buckets.includes(p.t))
  const byAgent: Ranked[] = agents.map((r) => ({ key: s(r['agent']), count: n(r['n']), risk: n(r['risk']) }))
  return {
    source: 'analytics-engine',
    buckets,
    bucketMs,
    series: points,
    byAgent: byAgent.slice(0, 10),
    byRisk: [...byAgent].sort((a, b) => (b.risk ?? 0) - (a.risk ?? 0) || b.count - a.count).slice(0, 10),
    byEndpoint: endpoints.map((r) => ({ key: s(r['endpoint']), count: n(r['n']) })),
    total: points.reduce((sum, p) => sum + p.count, 0),
  }
}
