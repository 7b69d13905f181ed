/** @module The Hono environment shared by every stage: bindings and the per-request variables. */
import type { Config } from '../config/schema'
import type { Route } from '../config/routes'
import type { Principal } from '../auth/principal'
import type { Denial } from '../errors/denial'
import type { ScreeningSummary, Verdict } from '../guard/protocol'
import type { DenialError } from '../errors/denial'
import type { AgentGuard } from '../guard/agent-guard'
import type { McpExchange } from './mcp-context'

export type Bindings = {
  AGENT_GUARD: DurableObjectNamespace<AgentGuard>
  SECURITY_EVENTS?: AnalyticsEngineDataset
  ORIGIN?: Fetcher
  [key: string]: unknown
}

/** A JSON-RPC request being answered, so denials can be rendered in-band (MCP). */
export type RpcContext = { readonly id: string | number | null }

export type Variables = {
  requestId: string
  startedAt: number
  /** The request URL, parsed once. */
  url: URL
  config: Config
  /** True once an Authorization header carried a bearer token (RFC 6750 §3: error only then). */
  tokenPresented: boolean
  principal: Principal
  route: Route
  params: Readonly<Record<string, string>>
  /** The normalised path: the only spelling that is matched and forwarded. */
  path: string
  /** The decoded segments of `path`. */
  segments: readonly string[]
  verdict: Verdict
  /** Response headers owed to an authenticated agent (RateLimit fields), applied to every answer. */
  agentHeaders: Headers
  rpc: RpcContext
  denial: Denial
  /** The body, read once and bounded, when the route inspects it. */
  body: { readonly bytes: Uint8Array }
  /** What inspection found; a rejection is handed to the guard before it is answered. */
  inspection: Inspection
  failedOpen: boolean
  /** The MCP exchange (src/pipeline/mcp-context.ts): plan, session, slot. */
  mcp: McpExchange
}

export type Inspection = {
  readonly screening: ScreeningSummary
  readonly rejection?: DenialError
  /** Rule ids of every finding, shadow ones included (for logs and analytics). */
  readonly ruleIds?: readonly string[]
}

export const NO_FINDINGS: ScreeningSummary = { score: 0, ruleIds: [], verdict: 'none' }

export type GatewayEnv = { Bindings: Bindings; Variables: Variables }
