/**
 * @module The one fail-closed mapping for Durable Object calls: a deadline on every call, and every
 * failure (an RPC error, an overloaded or reset object, a missed deadline) turned into one error.
 *
 * Callers catch `Unavailable` and answer with their own 503 code and `Retry-After`
 * (`UNAVAILABLE_RETRY_AFTER_SECONDS`): the REST and MCP guard stages, the token endpoint, the admin
 * API. A denial the object returns as data is not a failure and passes through untouched
 * (DESIGN.md: expected outcomes are returned, never thrown).
 */
import { TimeoutError, withTimeout } from '../lib/timeout'

/** What a client answers when its object could not be reached in time. */
export class Unavailable extends Error {
  override name = 'Unavailable'
  /** e.g. `AGENT_GUARD_timeout`, `TOOL_PINS_error`: for logs, never the wire. */
  readonly reason: string
  constructor(binding: string, kind: 'timeout' | 'error') {
    super(`${binding} ${kind}`)
    this.reason = `${binding}_${kind}`
  }
}

/** The wait a 503 caused by an unreachable object asks for: long enough for a reset object to come back. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2

/**
 * Runs one call with a deadline. `call` runs inside the guard, so a throw while getting the stub
 * fails the same way as a throw from the object. The timer is the only per-call cost (lib/timeout).
 */
export async function withDeadline<T>(binding: string, ms: number, call: () => Promise<T>): Promise<T> {
  try {
    return await withTimeout(call(), ms)
  } catch (error) {
    throw new Unavailable(binding, error instanceof TimeoutError ? 'timeout' : 'error')
  }
}
