/**
 * @module Admin API: block, unblock, revoke, snapshot and reset one agent, through its guard.
 *
 * Bearer ADMIN_TOKEN, compared in constant time; the whole API is absent (404) when the secret is
 * unset. Every action lands in the agent's Durable Object, the single source of truth, so it
 * applies on that agent's very next request, wherever it arrives.
 */
import { Hono } from 'hono'
import * as z from 'zod'
import { AGENT_ID } from '../auth/principal'
import { deny } from '../errors/denial'
import { mountMcpAdmin } from '../mcp/admin'
import type { GatewayEnv } from '../pipeline/types'
import { log } from '../telemetry/log'
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
    if (!(await timingSafeEqualStrings(presented, token))) throw deny('ADMIN_UNAUTHORIZED', 'admin_token_mismatch')
    await next()
  })
  admin.use('/agents/:id/*', async (c, next) => {
    if (!AGENT_ID.test(c.req.param('id') ?? '')) throw deny('ADMIN_BAD_REQUEST', 'agent_id_invalid')
    await next()
  })
  const guard = (c: { var: GatewayEnv['Variables'] }) => c.var.config.clients.guard
  const audit = (c: { var: GatewayEnv['Variables'] }, action: string, agentId: string) =>
    log({ event: 'admin', action, agentId, requestId: c.var.requestId })

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
