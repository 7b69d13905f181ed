/**
 * @module What the rest of the chain decided, read by an outer stage after `await next()`.
 *
 * Stages throw denials; Hono's compose renders them (app.ts onError) and keeps the error on
 * `c.error`, so the denial is known from the error itself, never from a flag a stage sets.
 */
import type { Context } from 'hono'
import { denialOf, type Denial } from '../errors/denial'
import type { PolicyState, Verdict } from '../guard/protocol'
import type { GatewayEnv } from './types'

/** The denial the request was answered with, if any (the same mapping app.ts renders with). */
export function deniedWith(c: Context<GatewayEnv>): Denial | undefined {
  return c.error ? denialOf(c.error) : undefined
}

/** The guard's verdict, when the guard answered. */
export function verdictOf(c: Context<GatewayEnv>): Verdict | undefined {
  const outcome = c.get('guard')
  return outcome?.kind === 'verdict' ? outcome.verdict : undefined
}

/**
 * The policies the agent's RateLimit fields show: the verdict's, with the records budgets as a
 * buffered answer left them when DLP charged its records (docs/dlp.md).
 */
export function policiesOf(c: Context<GatewayEnv>): readonly PolicyState[] {
  const policies = verdictOf(c)?.policies ?? []
  const charged = c.get('records')?.policies
  if (!charged || charged.length === 0) return policies
  return [...policies.filter((p) => !p.name.startsWith('records:')), ...charged]
}
