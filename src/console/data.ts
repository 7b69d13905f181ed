/**
 * @module What the console's views need, gathered from the event log, Analytics Engine SQL, the guards and the pins.
 *
 * Every source has a deadline; a source that fails becomes a notice on the page, never a broken
 * page. Blocks are found from the log (agents with a block-related event in the last day) and
 * confirmed against each agent's guard, the source of truth.
 */
import type { Config } from '../config/schema'
import { queryEvents } from '../events/client'
import type { SecurityEvent } from '../events/event'
import type { AgentSnapshot } from '../guard/protocol'
import { Unavailable } from '../clients/deadline'
import { log } from '../telemetry/log'
import { analyticsOverview } from './analytics'
import { summarizeEvents, OVERVIEW_MINUTES } from './summary'
import type { CurrentBlock, OverviewModel } from './views/overview'

const DAY = 86_400_000
const BLOCK_CODES = new Set(['AGENT_BLOCKED', 'RISK_BLOCK', 'RISK_REVOKE', 'ADMIN_BLOCK'])
const MAX_BLOCK_CANDIDATES = 25

export function logNotice(config: Config): string | undefined {
  return config.console.eventLog.client ? undefined : 'The security-event log is not bound (SECURITY_EVENT_LOG): nothing is recorded for the console.'
}

export async function snapshotOf(config: Config, agentId: string): Promise<AgentSnapshot | null> {
  try {
    return await config.clients.guard.snapshot(agentId)
  } catch (error) {
    log({ event: 'console_snapshot_failed', agentId, error: error instanceof Unavailable ? error.reason : 'unknown' })
    return null
  }
}

async function currentBlocks(config: Config, events: readonly SecurityEvent[]): Promise<CurrentBlock[]> {
  const candidates = [...new Set(events.filter((e) => e.agentId !== null && BLOCK_CODES.has(e.code)).map((e) => e.agentId as string))].slice(0, MAX_BLOCK_CANDIDATES)
  const snapshots = await Promise.all(candidates.map((id) => snapshotOf(config, id)))
  return snapshots.flatMap((s, i) => (s?.blocked ? [{ agentId: candidates[i] ?? s.agentId, until: s.blocked.until, reason: s.blocked.reason }] : []))
}

export async function loadOverview(config: Config, now: number): Promise<OverviewModel> {
  const notices: string[] = []
  const missing = logNotice(config)
  if (missing) notices.push(missing)
  const page = await queryEvents(config.console.eventLog, { since: now - DAY, limit: 1_000 })
  if (page.failedShards > 0) notices.push(`${page.failedShards} of ${page.shards} event-log shards did not answer; figures may be incomplete.`)
  let overview = summarizeEvents(page.events.filter((e) => e.at >= now - OVERVIEW_MINUTES * 60_000), now)
  const analytics = config.console.analytics
  if (analytics) {
    try {
      overview = await analyticsOverview(analytics, now)
    } catch (error) {
      notices.push(`Analytics Engine SQL failed (${error instanceof Error ? error.message : 'unknown error'}); showing the event log.`)
    }
  } else {
    notices.push('Analytics Engine SQL is not configured (set the ANALYTICS_ACCOUNT_ID and ANALYTICS_API_TOKEN secrets): showing the security-event log, which keeps the last denials and alerts of each shard.')
  }
  return { overview, blocks: await currentBlocks(config, page.events), notices }
}
