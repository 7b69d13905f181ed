/**
 * @module What the MCP stages share: the exchange in the typed context, screening options, the
 * route record, the audit line, and the adapters to the ToolPins object and the probe.
 */
import type { Context } from 'hono'
import type { Route } from '../config/routes'
import type { Json } from '../mcp/envelope'
import type { Plan } from '../mcp/plan'
import { pinsStore } from '../mcp/pins-cache'
import type { PinsAccess } from '../mcp/pins-review'
import { probeTools } from '../mcp/probe'
import { originRequestHeaders } from '../proxy/headers'
import type { ScreenOptions, ScreenResult } from '../screening/types'
import { ruleIds } from '../mcp/policy'
import { log } from '../telemetry/log'
import { originUrl } from './forward'
import type { GatewayEnv } from './types'

export type C = Context<GatewayEnv>

/** One MCP request and its answer, as the stages see it (`c.get('mcp')`). */
export type McpExchange = {
  /** `Mcp-Session-Id` as the agent sent it. */
  readonly session: string | undefined
  /** The planner's output (POST only). */
  readonly plan: Plan | undefined
  /** The in-flight slot this request holds once admitted (tool calls only). */
  readonly callId: string | undefined
  admitted: boolean
}

export function screenOptions(c: C): Partial<ScreenOptions> {
  const s = c.get('config').screening
  return { blockThreshold: s.blockThreshold, flagThreshold: s.flagThreshold, ruleModes: s.ruleModes }
}

export function mcpRoute(c: C, key: string, cost: number): Route {
  return { method: c.req.method as Route['method'], path: c.get('config').mcp.path, key, segments: [], scopes: [], cost, failMode: 'closed', screening: 'block' }
}

export function waitUntil(c: C, p: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(p)
  } catch {
    void p
  }
}

/** One audit line per tool call (docs/mcp.md, "Audit"); inputs only where the tool's config allows. */
export function audit(c: C, ex: McpExchange, fields: { decision: 'allow' | 'deny'; code: string; result?: ScreenResult }): void {
  const principal = c.get('principal')
  const base = {
    event: 'mcp_tool_call',
    requestId: c.get('requestId'),
    agentId: principal?.agentId,
    session: ex.session ?? `jti:${principal?.jti}`,
    decision: fields.decision,
    code: fields.code,
    latencyMs: Date.now() - c.get('startedAt'),
  }
  for (const call of ex.plan?.calls ?? []) {
    log({
      ...base,
      tool: call.name,
      ...(fields.result && fields.result.verdict !== 'none' ? { resultVerdict: fields.result.verdict, resultRules: ruleIds(fields.result) } : {}),
      ...(call.tool.recordInputs ? { inputs: JSON.stringify(call.args ?? {}).slice(0, 2_048) } : {}),
    })
  }
  for (const tool of ex.plan?.refusedTools ?? []) log({ ...base, decision: 'deny', tool })
}

/** The gateway's own identity at the origin, for the probe (no agent's scopes, no agent's headers). */
const PROBE_PRINCIPAL = { agentId: 'tollgate:pin-probe', scopes: [], tier: '', jti: 'probe', iat: 0, exp: 0, meta: {} }

/** ToolPins access for this request: the object, its isolate copy, and the gateway's probe. */
export function pinsAccess(c: C): PinsAccess {
  const config = c.get('config')
  const { store, key } = pinsStore(config)
  const requestId = c.get('requestId')
  const target = originUrl(config.origin.url, config.mcp.path, '')
  const send = (method: 'POST' | 'DELETE', body: Json | undefined, extra: Record<string, string>) => {
    const headers = originRequestHeaders(new Headers(extra), PROBE_PRINCIPAL, `${requestId}-probe`)
    const init: RequestInit = { method, headers, redirect: 'manual', signal: AbortSignal.timeout(config.origin.timeoutMs), ...(body ? { body: JSON.stringify(body) } : {}) }
    const request = new Request(target, init)
    return config.origin.binding ? config.origin.binding.fetch(request) : fetch(request)
  }
  return {
    store,
    key,
    ttlMs: config.mcp.pinCacheMs,
    probe: config.mcp.pinProbe ? () => probeTools(send, config.mcp.results.maxBytes) : undefined,
    defer: (work) => waitUntil(c, work),
    log: (event, fields) => log({ event, requestId, ...fields }),
  }
}
