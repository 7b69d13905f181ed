/**
 * @module The one client of the SECURITY_EVENT_LOG namespace: one SecurityEventLog ring per shard,
 * every call under the EVENT_LOG_TIMEOUT_MS deadline and the fail-closed mapping of deadline.ts.
 */
import type { SecurityEvent } from '../events/event'
import type { SecurityEventLog } from '../events/event-log'
import type { EventQuery } from '../events/query'
import { NamespaceClient } from './deadline'

export class EventLogClient extends NamespaceClient<SecurityEventLog> {
  constructor(ns: DurableObjectNamespace<SecurityEventLog>, timeoutMs: number) {
    super('SECURITY_EVENT_LOG', ns, timeoutMs)
  }

  append(shard: string, events: SecurityEvent[], capacity: number): Promise<void> {
    return this.call(shard, (s) => s.append(events, capacity))
  }

  query(shard: string, query: EventQuery): Promise<SecurityEvent[]> {
    return this.call(shard, (s) => s.query(query) as Promise<SecurityEvent[]>)
  }
}
