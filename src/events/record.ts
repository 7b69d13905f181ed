/**
 * @module Records security events in waitUntil: the context stage's decision, and the console's own events.
 *
 * The allowed path returns before anything is built: no event, no promise, no Durable Object stub
 * (tested in test/workers/events). Writing never delays or fails the answer.
 */
import type { Context } from 'hono'
import { clientAddress } from '../lib/client-address'
import { verdictOf } from '../pipeline/outcome'
import type { GatewayEnv } from '../pipeline/types'
import type { Decision } from '../telemetry/decision'
import { appendEvents } from './client'
import { eventsOf, type SecurityEvent } from './event'

type Ctx = Context<GatewayEnv>

/** Called once per request by the context stage, with the decision it has just built. */
export function recordSecurityEvents(c: Ctx, d: Decision): void {
  const alert = verdictOf(c)?.alert
  if (alert === undefined && d.outcome !== 'deny' && d.outcome !== 'failed_open') return
  if (!c.get('config').console.eventLog.client) return
  writeEvents(c, eventsOf(d, alert, Date.now(), clientAddress(c.req.raw.headers)))
}

/** An event a handler produces itself (console login failures, operator actions). */
export function recordEvent(c: Ctx, event: Omit<SecurityEvent, 'at' | 'requestId'>): void {
  if (!c.get('config').console.eventLog.client) return
  writeEvents(c, [{ ...event, at: Date.now(), requestId: c.get('requestId') }])
}

function writeEvents(c: Ctx, events: SecurityEvent[]): void {
  if (events.length === 0) return
  const write = appendEvents(c.get('config').console.eventLog, events)
  try {
    c.executionCtx.waitUntil(write)
  } catch {
    void write
  }
}
