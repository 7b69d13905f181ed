/**
 * @module Admin API for rug-pull pins: list pinned and quarantined tools, approve a new definition.
 *
 * Mounted inside the admin router (bearer ADMIN_TOKEN already checked). Approval names the exact
 * hash the operator reviewed, so a definition that changed again in the meantime is not approved
 * by accident.
 */
import { parseAdminBody } from '../admin/body'
import type { Hono } from 'hono'
import * as z from 'zod'
import { deny } from '../errors/denial'
import type { GatewayEnv } from '../pipeline/types'
import { log } from '../telemetry/log'
import { TOOL_NAME } from '../config/mcp'
import { approvePin, listPins, pinsStore } from './pins-cache'

const ApproveBody = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256') }).strict()

export function mountMcpAdmin(admin: Hono<GatewayEnv>): void {
  admin.get('/mcp/tools', async (c) => {
    const { store: s, key } = pinsStore(c.get('config'))
    const rows = await listPins(s, key, c.var.config.mcp.pinCacheMs)
    const tools = rows.map((r) => ({ ...r, status: r.pending !== null ? 'quarantined' : r.pinned !== null ? 'pinned' : 'unpinned', configPin: c.var.config.mcp.tools.get(r.name)?.pin ?? null }))
    return c.json({ tools })
  })
  admin.post('/mcp/tools/:name/approve', async (c) => {
    const name = c.req.param('name')
    if (!TOOL_NAME.test(name)) throw deny('ADMIN_BAD_REQUEST', 'tool_name_invalid')
    const body = await parseAdminBody(c, ApproveBody)
    const { store: s, key } = pinsStore(c.get('config'))
    const result = await approvePin(s, key, name, body.hash, c.var.config.mcp.pinCacheMs)
    if (!result.ok) throw deny('ADMIN_BAD_REQUEST', `approve_${result.reason}`, { extensions: { reason: result.reason } })
    log({ event: 'admin', action: 'mcp_tool_approve', tool: name, hash: body.hash, requestId: c.var.requestId })
    return c.json({ tool: name, pinned: result.row.pinned, quarantined: false })
  })
}
