/**
 * @module Bench-only ablation: Tollgate's own worker (the deploy entry, every stage, the real
 * config) with the guard answered inside the isolate instead of by its Durable Object. It
 * measures what the DO round trip costs end to end; it is never deployed and ships no flag in src/.
 *
 * The fake guard returns one fixed allow verdict with four policies, so the RateLimit fields are
 * still serialised and stamped as in Tollgate. Bundled by bench/lib/setup.mjs.
 */
import worker from '../src/index'
import type { Verdict } from '../src/guard/protocol'

// Every Durable Object class the deploy entry exports, so the config's bindings resolve here too.
export * from '../src/index'

const VERDICT: Verdict = {
  outcome: 'allow',
  risk: 0,
  action: 'none',
  policies: [
    { name: 'burst', limit: 1_000_000, windowSeconds: 1, remaining: 999_999, resetSeconds: 1 },
    { name: 'minute', limit: 10_000_000, windowSeconds: 60, remaining: 9_999_999, resetSeconds: 60 },
    { name: 'day', limit: 1_000_000_000, windowSeconds: 86_400, remaining: 999_999_999, resetSeconds: 86_400 },
    { name: 'cost-minute', limit: 100_000_000, windowSeconds: 60, remaining: 99_999_999, resetSeconds: 60 },
  ],
} as Verdict

const inIsolateGuard = { getByName: () => ({ evaluate: async () => VERDICT }) }
let wrapped: object | undefined

export default {
  fetch(request: Request<unknown, IncomingRequestCfProperties>, env: object, ctx: ExecutionContext) {
    // One stable env object, so Tollgate parses its configuration once, as it does in production.
    wrapped ??= { ...env, AGENT_GUARD: inIsolateGuard }
    return worker.fetch(request, wrapped as never, ctx)
  },
}
