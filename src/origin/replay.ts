/**
 * @module Replay protection for gate assertions: each `jti` is accepted once until it expires.
 *
 * The in-memory store suits one process; behind several origin instances, pass a shared store
 * (Redis SET NX with expiry, a Durable Object, a database unique key) with the same contract.
 */

export interface ReplayStore {
  /** Records `jti` until `expiresAt` (epoch seconds); false when it was already recorded (a replay). */
  remember(jti: string, expiresAt: number): boolean | Promise<boolean>
}

/** Bounded: once full it drops expired entries, then the oldest, so memory stays flat under load. */
export class MemoryReplayStore implements ReplayStore {
  readonly #seen = new Map<string, number>()
  readonly #max: number
  readonly #now: () => number

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    this.#max = options.maxEntries ?? 100_000
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000))
  }

  remember(jti: string, expiresAt: number): boolean {
    const now = this.#now()
    const known = this.#seen.get(jti)
    if (known !== undefined && known >= now) return false
    if (this.#seen.size >= this.#max) {
      for (const [k, exp] of this.#seen) if (exp < now) this.#seen.delete(k)
      while (this.#seen.size >= this.#max) this.#seen.delete(this.#seen.keys().next().value as string)
    }
    this.#seen.set(jti, expiresAt)
    return true
  }
}
