/**
 * @module The AgentGuard RPC contract: plain data that crosses the Worker → Durable Object boundary.
 *
 * Everything here is structured-clone friendly (no classes, no functions). The Worker resolves
 * limits from configuration and sends them with every call, so configuration stays single-sourced
 * in the Worker and a tier change takes effect on the next request.
 */
import type { DenialCode } from '../errors/codes'
import type { McpInput } from './mcp-limits'
import type { RecordsBudget, RecordsCharge } from './records'
import type { RiskPolicy, SignalName } from './risk-policy'

/** Limits for one agent, resolved from its tier (and lowered by the token's `max_rpm`). */
export type AgentLimits = {
  readonly tier: string
  /** Requests per second (burst). */
  readonly burst: number
  /** Requests per minute. */
  readonly rpm: number
  /** Requests per day (rolling 24 h). */
  readonly daily: number
  /** Cost units per minute, charged with the route's weight. */
  readonly costPerMinute: number
  /** Optional cost units per day. */
  readonly costPerDay?: number
}

/** What screening found in this request (empty until screening runs). */
export type ScreeningSummary = {
  /** Combined score in [0, 1]. */
  readonly score: number
  /** Stable rule ids that matched (deduplicated, bounded). */
  readonly ruleIds: readonly string[]
  /** 'block' when screening decided to reject, 'flag' when forwarded but risky, 'none' otherwise. */
  readonly verdict: 'block' | 'flag' | 'none'
}

export type EvaluateInput = {
  readonly requestId: string
  /** Route template ("GET /api/products/:id") or MCP tool ("mcp:search_products"). */
  readonly endpoint: string
  /** Concrete resource id from the path, when the route has one (enumeration signal). */
  readonly resourceId?: string
  /** Cost weight of the endpoint. */
  readonly cost: number
  /** Request body size in bytes. */
  readonly bodyBytes: number
  /** Token identifiers, for revocation. `iat`/`exp` are seconds since the epoch. */
  readonly token: { readonly jti: string; readonly iat: number; readonly exp: number }
  readonly limits: AgentLimits
  readonly screening: ScreeningSummary
  /**
   * Set when the Worker already rejected the input (schema, screening, MCP policy). The guard
   * records it as pressure, never charges quota for it, and answers with this code unless the
   * agent is blocked or the token revoked (precedence: DESIGN.md).
   */
  readonly rejection?: DenialCode
  /** MCP requests only: tool calls, session and the MCPSecurityConfig limits (mcp-limits.ts). */
  readonly mcp?: McpInput
  /** Personal-data records budgets in force for this request (records.ts); a spent one refuses it. */
  readonly records?: readonly RecordsBudget[]
  /**
   * The risk policy from configuration (src/config/risk.ts). Without it the guard keeps no profile
   * and reports risk 0, action 'none' (direct RPC callers, older Workers).
   */
  readonly risk?: RiskPolicy
}

/** chargeRecords(): an answer's personal-data records, charged once it has been scanned. */
export type RecordsInput = {
  readonly requestId: string
  readonly charges: readonly RecordsCharge[]
  /** Charge nothing unless every charge fits (the Worker then withholds the answer). */
  readonly strict: boolean
  /** With a policy, crossing a budget is risk evidence (the `records` signal). */
  readonly risk?: RiskPolicy
}

export type RecordsVerdict = {
  readonly outcome: 'allow' | 'deny'
  /** Whether a budget was crossed (strict: the answer must be withheld; otherwise already sent). */
  readonly crossed: boolean
  readonly retryAfterSeconds?: number
  readonly reason: string
  readonly policies: readonly PolicyState[]
  readonly risk: number
}

/** One named limit's state, enough to render RateLimit-Policy / RateLimit and X-RateLimit-*. */
export type PolicyState = {
  /** Policy name used in the structured fields: "burst", "minute", "day", "cost-minute", "cost-day". */
  readonly name: string
  readonly limit: number
  readonly windowSeconds: number
  /** Remaining quota after this request. */
  readonly remaining: number
  /** Seconds until the quota next frees capacity (never earlier than the truth). */
  readonly resetSeconds: number
}

export type Verdict =
  | {
      readonly outcome: 'allow'
      readonly policies: readonly PolicyState[]
      readonly risk: number
      readonly action: RiskAction
    } & RiskDetails
  | {
      readonly outcome: 'deny'
      readonly code: DenialCode
      /** Server-side reason (which window, which flag). Logged, never rendered. */
      readonly reason: string
      readonly retryAfterSeconds?: number
      readonly policies: readonly PolicyState[]
      readonly risk: number
      readonly action: RiskAction
    } & RiskDetails

/** Graduated response (docs/behavior.md): what the risk policy did for this request. */
export type RiskAction = 'none' | 'log' | 'throttle' | 'block' | 'revoke'

/** One signal that fired on this request; `shadow` ones are reported but carry no weight. */
export type Anomaly = { readonly signal: SignalName; readonly strength: number; readonly shadow?: true }

/** Set when this request escalated the agent to a block or a revocation: the Worker notifies. */
export type AlertDue = {
  readonly severity: 'high' | 'critical'
  readonly action: RiskAction
  readonly risk: number
  readonly anomalies: readonly string[]
  /** Epoch ms when the block lapses; null for indefinite. */
  readonly blockedUntil: number | null
}

/** Risk extras of a verdict; absent when the call carried no risk policy. */
export type RiskDetails = {
  readonly anomalies?: readonly Anomaly[]
  /** In shadow mode: the action the policy would have taken. */
  readonly shadowAction?: RiskAction
  readonly alert?: AlertDue
}

/** Admin snapshot of one agent. */
export type AgentSnapshot = {
  readonly agentId: string
  readonly blocked: { readonly until: number | null; readonly reason: string } | null
  readonly revokedBefore: number | null
  readonly revokedJtis: number
  readonly policies: readonly PolicyState[]
  readonly rejected: { readonly total: number; readonly lastMinute: number }
  readonly admitted: { readonly total: number }
  readonly risk: number
  readonly stateBytes: number
  /** The behavioural profile in figures (operators' view; absent from older guards). */
  readonly profile?: ProfileSummary
}

/** What the profile holds, in operator units (docs/behavior.md explains each). */
export type ProfileSummary = {
  readonly requests: number
  readonly firstSeen: number | null
  readonly lastSeen: number | null
  readonly endpoints: number
  readonly transitions: number
  /** Geometric mean of body sizes (bytes), null before the first body. */
  readonly typicalBodyBytes: number | null
  /** Requests per minute, decayed over about a minute and over about an hour of activity. */
  readonly pace: { readonly recentPerMinute: number; readonly baselinePerMinute: number }
  /** Sensitive chains with a walk in progress. */
  readonly chainsInProgress: readonly string[]
  readonly riskState: { readonly score: number; readonly evidence: number; readonly at: number; readonly throttledUntil: number | null; readonly escalation: number }
}
