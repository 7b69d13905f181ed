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

/**
 * What every client shares: one namespace, one deadline, and calls addressed by object name.
 * Subclasses add the typed methods of their Durable Object class.
 */
export abstract class NamespaceClient<T extends Rpc.DurableObjectBranded | undefined> {
  readonly #binding: string
  readonly #ns: DurableObjectNamespace<T>
  readonly #ms: number

  constructor(binding: string, ns: DurableObjectNamespace<T>, timeoutMs: number) {
    this.#binding = binding
    this.#ns = ns
    this.#ms = timeoutMs
  }

  /** One call to the object named `name`, under the deadline and the fail-closed mapping. */
  protected call<R>(name: string, fn: (stub: DurableObjectStub<T>) => Promise<R>): Promise<R> {
    return withDeadline(this.#binding, this.#ms, () => fn(this.#ns.getByName(name)))
  }
}
