/**
 * @module AdminAuthLimiter: one SQLite-backed Durable Object counting failed admin and console authentications.
 *
 * Issue 12 item 13: a limit per client address and one overall. An attempt is counted BEFORE the
 * token is checked and refunded when it was right (the ClientAuthLimiter pattern, lockout.ts), so
 * a burst of concurrent guesses still gets at most the limit's worth of checks. One object for the
 * whole deployment: admin traffic is small, and the overall limit needs one counter. Rows are
 * bounded by the overall limit, since attempts past it are refused without being stored.
 */
import { DurableObject } from 'cloudflare:workers'
import { decideAttempt, isLockoutPolicy } from '../issuer/lockout'
import type { AdminAcquire, AdminLockout } from './auth-limit'

export class AdminAuthLimiter extends DurableObject<Cloudflare.Env> {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env)
    ctx.storage.transactionSync(() => {
      ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS attempt (id INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT NOT NULL, at INTEGER NOT NULL)')
      ctx.storage.sql.exec('CREATE INDEX IF NOT EXISTS attempt_address ON attempt (address, at)')
    })
  }

  /** Counts one attempt from `address`, or refuses it while that address, or everybody, is over the limit. */
  async acquire(address: string, policy: AdminLockout): Promise<AdminAcquire> {
    if (typeof address !== 'string' || address.length === 0 || address.length > 64) throw new TypeError('invalid address')
    if (!isLockoutPolicy(policy?.perAddress) || !isLockoutPolicy(policy?.overall)) throw new TypeError('invalid lockout policy')
    const now = Date.now()
    const sql = this.ctx.storage.sql
    const horizon = Math.max(policy.perAddress.windowSeconds, policy.overall.windowSeconds) * 1000
    return this.ctx.storage.transactionSync((): AdminAcquire => {
      sql.exec('DELETE FROM attempt WHERE at <= ?', now - horizon)
      const mine = sql.exec<{ at: number }>('SELECT at FROM attempt WHERE address = ? ORDER BY at', address).toArray().map((r) => r.at)
      const own = decideAttempt(mine, now, policy.perAddress)
      if (!own.allowed) return { allowed: false, retryAfterSeconds: Math.ceil(own.retryAfterMs / 1000), scope: 'address' }
      const all = sql.exec<{ at: number }>('SELECT at FROM attempt ORDER BY at').toArray().map((r) => r.at)
      const overall = decideAttempt(all, now, policy.overall)
      if (!overall.allowed) return { allowed: false, retryAfterSeconds: Math.ceil(overall.retryAfterMs / 1000), scope: 'overall' }
      const { id } = sql.exec<{ id: number }>('INSERT INTO attempt (address, at) VALUES (?, ?) RETURNING id', address, now).one()
      return { allowed: true, ticket: id }
    })
  }

  /** Refunds an attempt whose credentials were right: only failures count. */
  async release(ticket: number): Promise<void> {
    if (!Number.isSafeInteger(ticket)) throw new TypeError('invalid ticket')
    this.ctx.storage.sql.exec('DELETE FROM attempt WHERE id = ?', ticket)
  }

  /** Failures currently counted, overall and for one address (operators and tests). */
  async failures(address?: string): Promise<{ overall: number; address: number }> {
    const sql = this.ctx.storage.sql
    const overall = sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM attempt').one().n
    const mine = address === undefined ? 0 : sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM attempt WHERE address = ?', address).one().n
    return { overall, address: mine }
  }
}
