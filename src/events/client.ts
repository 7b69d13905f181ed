/**
 * @module Writing and reading the security-event log through its client (clients/event-log.ts): sharding, admission.
 *
 * Agents' events are spread over EVENT_LOG_SHARDS rings by agent id, so one noisy agent churns one
 * ring, not everybody's history; events without an agent (authentication failures, junk before
 * authentication) have a ring of their own for the same reason. A write failure is logged and
 * never fails a request; a read reports which shards did not answer.
 */
import type { ConsoleConfig } from '../config/console'
import { hash32 } from '../lib/hash'
import { log } from '../telemetry/log'
import { Unavailable } from '../clients/deadline'
import { admit, admitRepeat, fullBucket, MAX_REPEAT_KEYS, type Bucket, type Repeat } from './admission'
import type { SecurityEvent } from './event'
import { MAX_QUERY_LIMIT, type EventQuery } from './query'

type LogConfig = ConsoleConfig['eventLog']

export type EventPage = { readonly events: SecurityEvent[]; readonly failedShards: number; readonly shards: number }

const ANONYMOUS_SHARD = 'events:anonymous'

/** The ring an event belongs to. */
export function shardOf(agentId: string | null, shards: number): string {
  return agentId === null ? ANONYMOUS_SHARD : `events:${hash32(agentId) % shards}`
}

/** Every ring name, the anonymous one included. */
export function allShards(shards: number): string[] {
  return [...Array.from({ length: shards }, (_, i) => `events:${i}`), ANONYMOUS_SHARD]
}

let bucket: Bucket | undefined
/** Per agent, code and endpoint: the last written denial and the repeats counted since (admission.ts). */
const repeats = new Map<string, Repeat>()

/**
 * Writes events in the caller's waitUntil. Resolves always: failures are logged. Events past the
 * isolate's rate are counted and the count rides on the next admitted event.
 */
export async function appendEvents(cfg: LogConfig, events: readonly SecurityEvent[], now = Date.now()): Promise<void> {
  const client = cfg.client
  if (!client) return
  const groups = new Map<string, SecurityEvent[]>()
  for (const event of events) {
    let repeated = 0
    if (event.kind === 'denial' && event.agentId !== null) {
      const key = `${event.agentId} ${event.code} ${event.endpoint}`
      const seen = admitRepeat(repeats.get(key), now)
      if (repeats.size >= MAX_REPEAT_KEYS && !repeats.has(key)) repeats.clear()
      repeats.set(key, seen.next)
      if (!seen.admitted) continue
      repeated = seen.owed
    }
    const step = admit(bucket ?? fullBucket(cfg.maxPerSecond, now), now, cfg.maxPerSecond)
    bucket = step.bucket
    if (!step.admitted) continue
    const extra = { ...(repeated > 0 ? { repeats: repeated } : {}), ...(step.owed > 0 ? { suppressed: step.owed } : {}) }
    const e = Object.keys(extra).length > 0 ? { ...event, details: { ...event.details, ...extra } } : event
    const shard = shardOf(e.agentId, cfg.shards)
    groups.set(shard, [...(groups.get(shard) ?? []), e])
  }
  await Promise.all(
    [...groups].map(async ([shard, batch]) => {
      try {
        await client.append(shard, batch, cfg.capacity)
      } catch (error) {
        log({ event: 'event_log_write_failed', shard, events: batch.length, error: error instanceof Unavailable ? error.reason : 'unknown' })
      }
    }),
  )
}

/** Newest first across every shard (the agent's own shard only when filtering by agent). */
export async function queryEvents(cfg: LogConfig, query: EventQuery): Promise<EventPage> {
  const client = cfg.client
  if (!client) return { events: [], failedShards: 0, shards: 0 }
  const shards = query.agent !== undefined ? [shardOf(query.agent, cfg.shards)] : allShards(cfg.shards)
  const limit = Math.min(query.limit ?? 100, MAX_QUERY_LIMIT)
  const pages = await Promise.allSettled(shards.map((s) => client.query(s, { ...query, limit })))
  const events = pages
    .flatMap((p) => (p.status === 'fulfilled' ? (p.value as SecurityEvent[]) : []))
    .sort((a, b) => b.at - a.at)
    .slice(0, limit)
  const failedShards = pages.filter((p) => p.status === 'rejected').length
  if (failedShards > 0) log({ event: 'event_log_read_failed', shards: failedShards })
  return { events, failedShards, shards: shards.length }
}
