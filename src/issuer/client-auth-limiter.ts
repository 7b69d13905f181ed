/**
 * @module ClientAuthLimiter: one SQLite-backed Durable Object per configured OAuth client id,
 * counting failed client authentications (lockout.ts decides).
 *
 * Only configured client ids get an object (routes.ts looks the client up first), so a flood of
 * made-up ids creates no state. Each RPC is one synchronous transaction: exact under concurrency.
 */
import { DurableObject } from 'cloudflare:workers'
import { decideAttempt, isLockoutPolicy, type LockoutPolicy } from './lockout'

export type AcquireResult = { readonly allowed: true; readonly ticket: number } | { readonly allowed: false; readonly retryAfterSeconds: number }

export class ClientAuthLimiter extends DurableObject<Cloudflare.Env> {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env)
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL)')
  }

  /** Counts one authentication attempt, or refuses it while the client is locked out. */
  async acquire(policy: LockoutPolicy): Promise<AcquireResult> {
    if (!isLockoutPolicy(policy)) throw new TypeError('invalid lockout policy')
    const now = Date.now()
    const sql = this.ctx.storage.sql
    return this.ctx.storage.transactionSync(() => {
      sql.exec('DELETE FROM attempts WHERE at <= ?', now - policy.windowSeconds * 1000)
      const attempts = sql.exec<{ at: number }>('SELECT at FROM attempts ORDER BY at').toArray().map((r) => r.at)
      const decision = decideAttempt(attempts, now, policy)
      if (!decision.allowed) return { allowed: false, retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) }
      const { id } = sql.exec<{ id: number }>('INSERT INTO attempts (at) VALUES (?) RETURNING id', now).one()
      return { allowed: true, ticket: id }
    })
  }

  /** Refunds an attempt whose secret was right: only failures should count. */
  async release(ticket: number): Promise<void> {
    if (!Number.isSafeInteger(ticket)) throw new TypeError('invalid ticket')
    this.ctx.storage.sql.exec('DELETE FROM attempts WHERE id = ?', ticket)
  }

  /** Attempts currently counted (for operators and tests). */
  async failures(windowSeconds: number): Promise<number> {
    const since = Date.now() - windowSeconds * 1000
    return this.ctx.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM attempts WHERE at > ?', since).one().n
  }
}
