/**
 * @module AgentGuard: one SQLite-backed Durable Object per agent (`env.AGENT_GUARD.getByName(sub)`).
 *
 * It owns only storage and the clock; every decision is a pure function (decide.ts, admin.ts,
 * revocation.ts). Each public method is an RPC. Each one that changes state runs read-decide-write
 * inside one `transactionSync` with no `await`, so concurrent requests to one agent run one at a
 * time on the object's single thread: that is what keeps the limits exact under concurrency. The
 * output gate holds each answer until its write is durable. Helpers are `#private` so they can
 * never be called over RPC.
 */
import { DurableObject } from 'cloudflare:workers'
import { applyBlock, applyReset, applyRevokedBefore, applyUnblock, snapshot, status } from './admin'
import type { BlockCommand, GuardStatus } from './admin'
import { decide } from './decide'
import { addTaint, assertSessionId, bindMcpSession, MAX_RELEASED, releaseCall, type McpState } from './mcp-limits'
import type { AgentSnapshot, EvaluateInput, RecordsInput, RecordsVerdict, Verdict } from './protocol'
import { jtiForgetAt, planRevoke, pruneJtis, type RevokeCommand } from './revocation'
import { settleRecords } from './settle-records'
import { decodeState, emptyState, encodeState, type GuardState } from './state'
import * as storage from './storage'
import { assertBlockCommand, assertEvaluateInput, assertRecordsInput, assertRevokeCommand } from './validate'

const utf8 = new TextEncoder()

export class AgentGuard extends DurableObject<Cloudflare.Env> {
  /** In-memory copy of the state row; null means "reload from storage" (first use, or after a failure). */
  #state: GuardState | null = null
  /** Mirror of the revoked_jti table. */
  #jtis: Map<string, number>
  /** Earliest time (ms) a revoked jti may be pruned, so evaluate() scans the set only when useful. */
  #nextPruneAt: number

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env)
    ctx.storage.transactionSync(() => storage.migrate(ctx.storage.sql))
    this.#jtis = storage.readJtis(ctx.storage.sql)
    this.#nextPruneAt = pruneJtis(this.#jtis, 0).nextPruneAt
  }

  /** The per-request decision. Denials are returned, never thrown; a throw means a broken call. */
  async evaluate(input: EvaluateInput): Promise<Verdict> {
    assertEvaluateInput(input)
    const now = Date.now()
    return this.#mutate((state) => {
      this.#pruneJtis(now)
      const { state: next, verdict } = decide(state, input, now, this.#jtis.has(input.token.jti))
      return [next, verdict]
    })
  }

  /**
   * Frees in-flight MCP slots whose responses have ended (called from waitUntil when no later
   * request of the agent carried them: see src/mcp/releases.ts). `resultScore` (screening score in
   * [0, 1]) is set when a tool's result carried injection: it raises the agent's risk from its next
   * request on. Unknown ids are ignored (the slot expired or was already released).
   */
  async release(callIds: readonly string[], resultScore?: number): Promise<void> {
    if (!Array.isArray(callIds) || callIds.length > MAX_RELEASED || !callIds.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 256)) {
      throw new TypeError(`AgentGuard: callIds must be at most ${MAX_RELEASED} short strings`)
    }
    if (resultScore !== undefined && (typeof resultScore !== 'number' || !(resultScore >= 0 && resultScore <= 1))) {
      throw new TypeError('AgentGuard: resultScore must be a number in [0, 1] or absent')
    }
    const now = Date.now()
    const free = (mcp: McpState | undefined) => callIds.reduce((m, id) => releaseCall(m, id), mcp)
    if (resultScore !== undefined && resultScore > 0) {
      this.#mutate((state) => [{ ...state, mcp: addTaint(free(state.mcp), resultScore, Math.max(now, state.clock)) }, undefined])
      return
    }
    // A plain release changes only the in-memory copy: in-flight slots are ephemeral, and a storage
    // write here would hold the output gate on a tool call path. The next evaluate() writes the
    // row, release included; if the object is evicted before that, the slot comes back from
    // storage and simply expires (conservative).
    const state = this.#load()
    const mcp = free(state.mcp)
    if (mcp !== state.mcp) this.#state = { ...state, mcp }
  }

  /**
   * Binds an MCP session id the origin assigned in an answer to this agent (src/guard/mcp-sessions.ts).
   * The Worker awaits it before the answer reaches the agent, so the agent's next request finds it.
   */
  async bindSession(sessionId: string): Promise<void> {
    assertSessionId(sessionId)
    const now = Date.now()
    this.#mutate((state) => [{ ...state, mcp: bindMcpSession(state.mcp, sessionId, Math.max(now, state.clock)) }, undefined])
  }

  /**
   * Charges an answer's personal-data records once DLP has scanned it (docs/dlp.md, "Aggregation");
   * `strict` charges only if every budget has room, and otherwise refuses (the Worker withholds the
   * answer). A spent budget refuses the agent's next evaluate() until records age out.
   */
  async chargeRecords(input: RecordsInput): Promise<RecordsVerdict> {
    assertRecordsInput(input)
    const now = Date.now()
    return this.#mutate((state) => {
      const { state: next, verdict } = settleRecords(state, input, now)
      return [next, verdict]
    })
  }

  /** Blocks the agent until `until` (epoch ms) or, with null, until unblock(). */
  async block(command: BlockCommand): Promise<void> {
    assertBlockCommand(command)
    this.#mutate((state) => [applyBlock(state, { until: command.until, reason: command.reason }), undefined])
  }

  async unblock(): Promise<void> {
    this.#mutate((state) => [applyUnblock(state), undefined])
  }

  /** Revokes one token (`{ jti, exp }`) or every token with `iat < before` (epoch seconds). */
  async revoke(command: RevokeCommand): Promise<void> {
    assertRevokeCommand(command)
    const now = Date.now()
    this.#mutate((state) => {
      this.#pruneJtis(now, true)
      const plan = planRevoke(command, this.#jtis, state.revokedBefore, now)
      const sql = this.ctx.storage.sql
      switch (plan.kind) {
        case 'none':
          return [state, undefined]
        case 'jti':
          storage.insertJti(sql, plan.jti, plan.exp)
          this.#jtis.set(plan.jti, plan.exp)
          this.#nextPruneAt = Math.min(this.#nextPruneAt, jtiForgetAt(plan.exp))
          return [state, undefined]
        case 'before':
          if (plan.clearJtis) {
            storage.clearJtis(sql)
            this.#jtis.clear()
            this.#nextPruneAt = Number.POSITIVE_INFINITY
          }
          return [applyRevokedBefore(state, plan.before), undefined]
      }
    })
  }

  async snapshot(): Promise<AgentSnapshot> {
    const state = this.#load()
    let jtiBytes = 0
    for (const jti of this.#jtis.keys()) jtiBytes += utf8.encode(jti).length + 8
    return snapshot(state, Date.now(), {
      agentId: this.ctx.id.name ?? this.ctx.id.toString(),
      revokedJtis: this.#jtis.size,
      stateBytes: utf8.encode(encodeState(state)).length + jtiBytes,
    })
  }

  /**
   * Clears usage and counters; blocks and revocations stay (see applyReset). It is also the way out
   * of a corrupt state row, which otherwise fails every call closed: that row is replaced by an empty
   * state (its block and revoked-before watermark are lost; revoked jtis are kept).
   */
  async reset(): Promise<void> {
    try {
      this.#load()
    } catch {
      this.#state = emptyState()
    }
    this.#mutate((state) => [applyReset(state), undefined])
  }

  /** Block and revocation flags, for a token issuer that must not mint for a blocked agent. */
  async status(): Promise<GuardStatus> {
    return status(this.#load(), Date.now())
  }

  #load(): GuardState {
    if (this.#state === null) {
      const body = storage.readStateRow(this.ctx.storage.sql)
      this.#state = body === null ? emptyState() : decodeState(body)
    }
    return this.#state
  }

  /**
   * Read, decide and write as one synchronous transaction. The in-memory copy changes only after
   * the write; on any failure both copies are dropped and reloaded from storage, the source of truth.
   */
  #mutate<R>(step: (state: GuardState) => readonly [GuardState, R]): R {
    try {
      return this.ctx.storage.transactionSync(() => {
        const [next, result] = step(this.#load())
        if (next !== this.#state) storage.writeStateRow(this.ctx.storage.sql, encodeState(next))
        this.#state = next
        return result
      })
    } catch (error) {
      this.#state = null
      this.#jtis = storage.readJtis(this.ctx.storage.sql)
      this.#nextPruneAt = pruneJtis(this.#jtis, 0).nextPruneAt
      throw error
    }
  }

  /** Forgets revoked jtis whose tokens have expired (plus leeway); `force` skips the time check. */
  #pruneJtis(now: number, force = false): void {
    if (!force && now < this.#nextPruneAt) return
    const { expired, nextPruneAt } = pruneJtis(this.#jtis, now)
    if (expired.length > 0) {
      storage.deleteJtis(this.ctx.storage.sql, expired)
      for (const jti of expired) this.#jtis.delete(jti)
    }
    this.#nextPruneAt = nextPruneAt
  }
}
