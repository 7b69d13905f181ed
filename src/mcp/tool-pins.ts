/**
 * @module ToolPins: one SQLite-backed Durable Object per MCP origin, holding each tool's pinned hash.
 *
 * It is the single writer for pins, so two isolates seeing a first definition at once cannot both
 * pin different ones. Rules are pure (pins-core.ts); this class owns storage only. Workers read a
 * short-lived copy (pins-cache.ts), so the object is consulted once per isolate per few seconds,
 * not per call: it would otherwise be a global hot spot.
 */
import { DurableObject } from 'cloudflare:workers'
import { approve, observe, type ApproveResult, type Observation, type PinRow, type PinStatus } from './pins-core'

const MAX_OBSERVATIONS = 500

export class ToolPins extends DurableObject<Cloudflare.Env> {
  #rows = new Map<string, PinRow>()

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env)
    ctx.storage.transactionSync(() => {
      ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS tool_pin (name TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID`)
      for (const r of ctx.storage.sql.exec<{ name: string; body: string }>(`SELECT name, body FROM tool_pin`)) {
        this.#rows.set(r.name, JSON.parse(r.body) as PinRow)
      }
    })
  }

  /** Every row: the worker's cache and the admin listing. */
  async rows(): Promise<PinRow[]> {
    return [...this.#rows.values()]
  }

  /** Records one tools/list sighting; returns each tool's status and the rows after it. */
  async observe(observations: Observation[]): Promise<{ statuses: Record<string, PinStatus>; rows: PinRow[] }> {
    if (!Array.isArray(observations) || observations.length > MAX_OBSERVATIONS) throw new TypeError(`ToolPins: at most ${MAX_OBSERVATIONS} observations`)
    const now = Date.now()
    const statuses: Record<string, PinStatus> = {}
    this.ctx.storage.transactionSync(() => {
      for (const o of observations) {
        const before = this.#rows.get(o.name)
        const { row, status } = observe(before, o, now)
        statuses[o.name] = status
        if (row !== before) this.#write(row)
      }
    })
    return { statuses, rows: [...this.#rows.values()] }
  }

  /** Operator approval of `hash` for a quarantined tool (admin API). */
  async approve(name: string, hash: string): Promise<ApproveResult> {
    const result = approve(this.#rows.get(name), hash)
    if (result.ok) this.ctx.storage.transactionSync(() => this.#write(result.row))
    return result
  }

  #write(row: PinRow): void {
    this.ctx.storage.sql.exec(`INSERT OR REPLACE INTO tool_pin (name, body) VALUES (?, ?)`, row.name, JSON.stringify(row))
    this.#rows.set(row.name, row)
  }
}
