/**
 * @module Stage: ONE AgentGuard RPC with the MCP limits and the session check; its verdict decides
 * (same precedence as the REST guard stage). Finished calls' slots ride along (src/mcp/releases.ts).
 */
import { createMiddleware } from 'hono/factory'
import type { McpInput } from '../guard/mcp-limits'
import { deferRelease, takeReleases } from '../mcp/releases'
import { consultGuard, enforceVerdict } from './guard'
import type { GatewayEnv } from './types'

export const mcpGuard = createMiddleware<GatewayEnv>(async (c, next) => {
  const exchange = c.get('mcp')
  const agent = c.get('principal').agentId
  const route = c.get('route')
  const inspection = c.get('inspection')
  const rejected = inspection?.rejection
  const released = takeReleases(agent)
  const mcp: McpInput = {
    ...(released.length > 0 ? { released } : {}),
    ...(exchange.session !== undefined ? { session: exchange.session } : {}),
    tools: rejected ? [] : (exchange.plan?.calls ?? []).map((x) => x.name),
    ...(exchange.callId !== undefined && !rejected ? { callId: exchange.callId } : {}),
    limits: c.get('config').mcp.limits,
  }
  // Slots taken above go back to the queue if the guard never heard of them (error, timeout).
  const requeue = () => {
    for (const id of released) deferRelease(agent, id)
  }
  let verdict
  try {
    verdict = await consultGuard(
      c,
      {
        endpoint: route.key,
        cost: route.cost,
        bodyBytes: c.get('body')?.bytes.byteLength ?? 0,
        ...(inspection ? { screening: inspection.screening } : {}),
        ...(rejected ? { rejection: rejected.denial.code } : {}),
        mcp,
      },
      'closed',
    )
  } catch (error) {
    requeue()
    throw error
  }
  if (!verdict) requeue()
  enforceVerdict(verdict, rejected)
  exchange.admitted = mcp.callId !== undefined
  await next()
})
