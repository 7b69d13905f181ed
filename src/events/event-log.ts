/**
 * @module SecurityEventLog: a SQLite-backed Durable Object holding a ring of the last N security events of one shard.
 *
 * It owns storage only: appends are validated and written in one synchronous transaction that also
 * trims the ring to its capacity, so the object never grows past it. Queries filter by agent, code,
 * kind and time, newest first. Reached only through the typed client (client.ts).
 */
import { DurableObject } from 'cloudflare:workers'
import { SecurityEventSchema, type SecurityEvent } from './event'
import { EventQuerySchema, type EventQuery } from './query'

export const MAX_APPEND = 100

export class SecurityEventLog extends DurableObject<Cloudflare.Env> {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env)
    ctx.storage.transactionSync(() => {
      ctx.storage.sql.exec(
        `CREATE TABLE IF NOT EXISTS event (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL, agent TEXT, body TEXT NOT NULL)`,
      )
    })
  }

  /** Appends events and keeps only the newest `capacity`. Invalid input is refused whole. */
  async append(events: SecurityEvent[], capacity: number): Promise<void> {
    if (!Array.isArray(events) || events.length > MAX_APPEND) throw new TypeError(`SecurityEventLog: at most ${MAX_APPEND} events`)
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 100_000) throw new TypeError('SecurityEventLog: capacity must be an integer in [1, 100000]')
    const valid = events.map((e) => SecurityEventSchema.parse(e))
    const sql = this.ctx.storage.sql
    this.ctx.storage.transactionSync(() => {
      for (const e of valid) sql.exec(`INSERT INTO event (at, kind, code, agent, body) VALUES (?, ?, ?, ?, ?)`, e.at, e.kind, e.code, e.agentId, JSON.stringify(e))
      sql.exec(`DELETE FROM event WHERE seq <= (SELECT MAX(seq) FROM event) - ?`, capacity)
    })
  }

  /** Newest first. */
  async query(filter: EventQuery): Promise<SecurityEvent[]> {
    const q = EventQuerySchema.parse(filter)
    const conditions: Array<[string, string | number | undefined]> = [
      ['agent = ?', q.agent],
      ['code = ?', q.code],
      ['kind = ?', q.kind],
      ['at >= ?', q.since],
      ['at < ?', q.until],
    ]
    const used = conditions.filter((c): c is [string, string | number] => c[1] !== undefined)
    const where = used.map(([sql]) => sql)
    const args = used.map(([, value]) => value)
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : ''
    const rows = this.ctx.storage.sql.exec<{ body: string }>(`SELECT body FROM event ${clause} ORDER BY seq DESC LIMIT ?`, ...args, q.limit).toArray()
    return rows.map((r) => JSON.parse(r.body) as SecurityEvent)
  }

  /** Events held (for tests and the console's footer). */
  async size(): Promise<number> {
    return this.ctx.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM event`).one().n
  }
}
