/**
 * @module Bindings (Durable Object namespaces, the Analytics Engine dataset) → the typed clients
 * every stage uses (src/clients/). Pure: checked at load like every other field, so a missing or
 * wrong binding fails closed naming the binding, before any request depends on it.
 *
 * When each is required: AGENT_GUARD always; TOOL_PINS when MCP_TOOLS declares a tool (pins are
 * consulted only for declared tools); CLIENT_AUTH_LIMITER when ISSUER_ENABLED; SECURITY_EVENTS never.
 */
import * as z from 'zod'
import { ClientAuthLimiterClient } from '../clients/client-auth-limiter'
import { GuardClient } from '../clients/guard'
import { ToolPinsClient } from '../clients/tool-pins'
import type { AgentGuard } from '../guard/agent-guard'
import type { ClientAuthLimiter } from '../issuer/client-auth-limiter'
import type { ToolPins } from '../mcp/tool-pins'

export const where = (binding: string, className: string) =>
  `a Durable Object binding to class ${className} ([[durable_objects.bindings]] name = "${binding}", class_name = "${className}")`

/** A Durable Object namespace: workerd's binding object, or anything with its `getByName`. */
export const namespace = <T extends Rpc.DurableObjectBranded | undefined>(binding: string, className: string) =>
  z.custom<DurableObjectNamespace<T>>((v) => typeof v === 'object' && v !== null && typeof (v as { getByName?: unknown }).getByName === 'function', {
    error: where(binding, className),
  })

const dataset = z.custom<AnalyticsEngineDataset>((v) => typeof v === 'object' && v !== null && typeof (v as { writeDataPoint?: unknown }).writeDataPoint === 'function', {
  error: 'an Analytics Engine dataset binding ([[analytics_engine_datasets]] binding = "SECURITY_EVENTS")',
})

export const BINDING_ENV_FIELDS = {
  AGENT_GUARD: namespace<AgentGuard>('AGENT_GUARD', 'AgentGuard'),
  TOOL_PINS: namespace<ToolPins>('TOOL_PINS', 'ToolPins').optional(),
  CLIENT_AUTH_LIMITER: namespace<ClientAuthLimiter>('CLIENT_AUTH_LIMITER', 'ClientAuthLimiter').optional(),
  SECURITY_EVENTS: dataset.optional(),
}

type BindingEnv = z.output<z.ZodObject<typeof BINDING_ENV_FIELDS>>

/** What the rest of the configuration says about which bindings are needed, and the deadline. */
export type BindingNeeds = {
  /** GUARD_TIMEOUT_MS: the deadline of every Durable Object call. */
  readonly timeoutMs: number
  readonly mcpTools: boolean
  readonly issuer: boolean
}

export type Clients = {
  readonly guard: GuardClient
  /** Present when TOOL_PINS is bound (always, when MCP tools are declared). */
  readonly pins: ToolPinsClient | undefined
  /** Present when CLIENT_AUTH_LIMITER is bound (always, when the issuer is enabled). */
  readonly clientAuth: ClientAuthLimiterClient | undefined
  /** One data point per decision (telemetry/decision.ts); optional. */
  readonly events: AnalyticsEngineDataset | undefined
}

export function buildClients(e: BindingEnv, needs: BindingNeeds, ctx: z.RefinementCtx): Clients {
  if (needs.mcpTools && !e.TOOL_PINS) {
    ctx.addIssue({ code: 'custom', path: ['TOOL_PINS'], message: `required when MCP_TOOLS declares tools: ${where('TOOL_PINS', 'ToolPins')}` })
  }
  if (needs.issuer && !e.CLIENT_AUTH_LIMITER) {
    ctx.addIssue({ code: 'custom', path: ['CLIENT_AUTH_LIMITER'], message: `required when ISSUER_ENABLED (failed client authentications are counted there): ${where('CLIENT_AUTH_LIMITER', 'ClientAuthLimiter')}` })
  }
  return {
    guard: new GuardClient(e.AGENT_GUARD, needs.timeoutMs),
    pins: e.TOOL_PINS ? new ToolPinsClient(e.TOOL_PINS, needs.timeoutMs) : undefined,
    clientAuth: e.CLIENT_AUTH_LIMITER ? new ClientAuthLimiterClient(e.CLIENT_AUTH_LIMITER, needs.timeoutMs) : undefined,
    events: e.SECURITY_EVENTS,
  }
}
