/**
 * @module Admin API: block, unblock, revoke, snapshot and reset one agent, through its guard.
 *
 * Bearer ADMIN_TOKEN, compared in constant time, with failures limited per address and overall
 * (attempt.ts); the whole API is absent (404) when the secret is unset. Every action lands in the agent's Durable Object, the single source of truth, so it
 * applies on that agent's very next request, wherever it arrives.
 */
import { Hono, type Context } from 'hono'
import * as z from 'zod'
import { AGENT_ID } from '../auth/principal'
import { deny } from '../errors/denial'
import { mountMcpAdmin } from '../mcp/admin'
import type { GatewayEnv } from '../pipeline/types'
import { queryEvents } from '../events/client'
import { parseEventQuery } from '../events/query'
import { auditAction } from './audit'
import { adminAttempt } from './attempt'
import { parseAdminBody } from './body'
import { timingSafeEqualStrings } from './constant-time'

const BlockBody = z
  .object({
    reason: z.string().min(1).max(500),
    until: z.number().int().positive().optional(),
    duration_seconds: z.number().int().positive().max(10 * 365 * 86_400).optional(),
  })
  .strict()
  .refine((b) => !(b.until !== undefined && b.duration_seconds !== undefined), 'give until or duration_seconds, not both')

const RevokeBody = z.union([
  z.object({ jti: z.string().min(1).max(256), exp: z.number().int().positive() }).strict(),
  z.object({ all: z.literal(true) }).strict(),
])

export function adminRoutes(): Hono<GatewayEnv> {
  const admin = new Hono<GatewayEnv>()
  admin.use('*', async (c, next) => {
    const token = c.var.config.admin.token
    if (token === undefined) throw deny('ROUTE_NOT_FOUND', 'admin_disabled')
    const header = c.req.header('authorization') ?? ''
    const presented = header.startsWith('Bearer ') ? header.slice(7) : ''
    const result = await adminAttempt(c, () => timingSafeEqualStrings(presented, token))
    if (!result.ok && result.throttled !== undefined) throw deny('ADMIN_AUTH_THROTTLED', 'admin_auth_throttled', { retryAfterSeconds: result.throttled })
    if (!result.ok) throw deny('ADMIN_UNAUTHORIZED', 'admin_token_mismatch')
    await next()
  })
  admin.use('/agents/:id/*', async (c, next) => {
    if (!AGENT_ID.test(c.req.param('id') ?? '')) throw deny('ADMIN_BAD_REQUEST', 'agent_id_invalid')
    await next()
  })
  const guard = (c: { var: GatewayEnv['Variables'] }) => c.var.config.clients.guard
  const audit = (c: Context<GatewayEnv>, action: string, agentId: string) => auditAction(c, 'api', action, agentId)

  admin.get('/events', async (c) => {
    const parsed = parseEventQuery(new URL(c.req.url).searchParams, Date.now())
    if (!parsed.ok) throw deny('ADMIN_BAD_REQUEST', 'events_query_invalid', { extensions: { errors: parsed.errors } })
    const page = await queryEvents(c.var.config.console.eventLog, parsed.query)
    return c.json({ events: page.events, shards: page.shards, failed_shards: page.failedShards, enabled: c.var.config.console.eventLog.client !== undefined })
  })
  admin.get('/agents/:id/snapshot', async (c) => c.json(await guard(c).snapshot(c.req.param('id'))))
  admin.post('/agents/:id/block', async (c) => {
    const body = await parseAdminBody(c, BlockBody)
    // `until` is epoch milliseconds; a value in the past (e.g. epoch seconds by mistake) would be a
    // block that silently does nothing, so it is refused.
    if (body.until !== undefined && body.until <= Date.now()) throw deny('ADMIN_BAD_REQUEST', 'block_until_in_past', { extensions: { errors: [{ pointer: '/until', message: 'epoch milliseconds in the future' }] } })
    const until = body.until ?? (body.duration_seconds !== undefined ? Date.now() + body.duration_seconds * 1000 : null)
    await guard(c).block(c.req.param('id'), { until, reason: body.reason })
    audit(c, 'block', c.req.param('id'))
    return c.json({ agent: c.req.param('id'), blocked: true, until })
  })
  admin.post('/agents/:id/unblock', async (c) => {
    await guard(c).unblock(c.req.param('id'))
    audit(c, 'unblock', c.req.param('id'))
    return c.json({ agent: c.req.param('id'), blocked: false })
  })
  admin.post('/agents/:id/revoke', async (c) => {
    const body = await parseAdminBody(c, RevokeBody)
    const arg = 'all' in body ? { before: Math.floor(Date.now() / 1000) + 1 } : { jti: body.jti, exp: body.exp }
    await guard(c).revoke(c.req.param('id'), arg)
    audit(c, 'revoke', c.req.param('id'))
    return c.json({ agent: c.req.param('id'), revoked: 'all' in body ? 'all' : body.jti })
  })
  admin.post('/agents/:id/reset', async (c) => {
    await guard(c).reset(c.req.param('id'))
    audit(c, 'reset', c.req.param('id'))
    return c.json({ agent: c.req.param('id'), reset: true })
  })
  mountMcpAdmin(admin)
  admin.all('*', () => {
    throw deny('ROUTE_NOT_FOUND', 'admin_unknown_route')
  })
  return admin
}
