/**
 * @module Stage: read the MCP request once, bounded, and let the planner (src/mcp/plan.ts) decide.
 *
 * A rejection is recorded in `inspection`, not thrown: the guard must see it and its findings
 * first (DESIGN.md). After the rest of the chain it audits a denial that happened downstream and
 * frees a slot the guard had granted to a request that then failed.
 */
import { createMiddleware } from 'hono/factory'
import { deny, type DenialError } from '../errors/denial'
import { parseMessages, type RpcId, type RpcMessage } from '../mcp/jsonrpc'
import { loadPins, pinsStore } from '../mcp/pins-cache'
import { isQuarantined } from '../mcp/pins-core'
import { bodyAnswerId, planRequest, type Plan } from '../mcp/plan'
import { releaseSlot } from '../mcp/releases'
import { mediaType } from '../input/media-type'
import { declaredLength, readRequestBody } from '../input/read'
import { inputDenial } from '../input/reasons'
import { decodeUtf8 } from '../input/text'
import { allRuleIds, summarize } from '../screening/summary'
import { log } from '../telemetry/log'
import { requestStrings } from './inspect'
import { audit, mcpRoute, screenOptions, waitUntil, type C, type McpExchange } from './mcp-context'
import { deniedWith } from './outcome'
import type { GatewayEnv } from './types'

type Read = { ok: true; messages: readonly RpcMessage[]; batch: boolean } | { ok: false; denial: DenialError }

/** The POST body as JSON-RPC messages (media type, bounded read, strict UTF-8, envelope). */
async function readMessages(c: C): Promise<Read> {
  const config = c.get('config')
  if (mediaType(c.req.header('content-type') ?? null).type !== 'application/json') return { ok: false, denial: inputDenial('media_type', 'mcp_') }
  const max = Math.min(config.body.maxBytes, config.mcp.limits.maxInputBytes)
  const read = await readRequestBody(c.req.raw, max, config.body.readTimeoutMs)
  if (!read.ok) return { ok: false, denial: inputDenial(read.reason, 'mcp_') }
  c.set('body', { bytes: read.bytes })
  const text = decodeUtf8(read.bytes)
  if (text === undefined) return { ok: false, denial: inputDenial('utf8', 'mcp_') }
  const parsed = parseMessages(text, config.mcp.maxBatch, config.body.json)
  if (parsed.ok) return parsed
  c.set('rpc', { id: parsed.id })
  return { ok: false, denial: deny(parsed.code, parsed.reason) }
}

const setRpc = (c: C, id: RpcId | null | undefined) => c.set('rpc', id === undefined ? (undefined as never) : { id })

/** A GET or DELETE carrying a body (a body the origin would read that nothing inspected). */
const carriesBody = (r: Request) => r.body !== null || (declaredLength(r.headers) ?? 0) > 0 || r.headers.has('transfer-encoding')

export const mcpInspect = createMiddleware<GatewayEnv>(async (c, next) => {
  const config = c.get('config')
  const post = c.req.method === 'POST'
  c.set('params', {})
  c.set('route', mcpRoute(c, post ? 'mcp:invalid' : `mcp:${c.req.method}`, 1))
  const read: Read = post ? await readMessages(c) : { ok: true, messages: [], batch: false }
  let rejection = read.ok ? undefined : read.denial
  let plan: Plan | undefined
  if (read.ok) {
    // Notifications and responses get no JSON-RPC answer: an error is an HTTP status (spec §Sending Messages).
    if (post) setRpc(c, bodyAnswerId(read.messages, read.batch))
    const calls = read.messages.some((m) => m.kind === 'request' && m.method === 'tools/call')
    const pins = calls ? pinsStore(config) : undefined
    const rows = pins ? await loadPins(pins.store, pins.key, config.mcp.pinCacheMs) : undefined
    plan = planRequest({
      method: c.req.method,
      messages: read.messages,
      batch: read.batch,
      unexpectedBody: !post && carriesBody(c.req.raw),
      headers: c.req.raw.headers,
      requestStrings: requestStrings(c),
      mcp: config.mcp,
      scopes: c.get('principal').scopes,
      quarantined: (tool) => isQuarantined(rows?.get(tool)),
      screen: screenOptions(c),
    })
    if (post) setRpc(c, plan.answerId)
    c.set('route', mcpRoute(c, plan.routeKey, plan.cost))
    if (plan.rejection) rejection = deny(plan.rejection.code, plan.rejection.reason, plan.rejection.extensions ? { extensions: plan.rejection.extensions } : {})
  }
  const screened = plan?.screened ?? []
  c.set('inspection', { screening: summarize(screened), ruleIds: allRuleIds(screened), ...(rejection ? { rejection } : {}) })
  const exchange: McpExchange = {
    session: c.req.header('mcp-session-id') ?? undefined,
    plan,
    callId: plan && plan.calls.length > 0 && !rejection ? crypto.randomUUID() : undefined,
    admitted: false,
  }
  c.set('mcp', exchange)
  await next()
  const code = deniedWith(c)?.code
  if (code === undefined) return
  if (exchange.admitted) {
    // The origin failed after admission: the slot goes back now (there is no result to report).
    const agent = c.get('principal').agentId
    const freed = releaseSlot(agent, exchange.callId, undefined, (ids) => config.clients.guard.release(agent, ids))
    waitUntil(c, freed.catch(() => log({ event: 'mcp_release_failed', requestId: c.get('requestId') })))
  }
  audit(c, exchange, { decision: 'deny', code })
})
