/**
 * @module decide(): one evaluate() as a pure function of state, input and time.
 *
 * Precedence (DESIGN.md): blocked agent or revoked token, then the Worker's input rejection, then
 * limits and budget, then allow. Only an allow charges quota, and it charges every window at once;
 * every denial is counted apart as pressure (the `denials` risk signal, risk.ts).
 */
import type { DenialCode } from '../errors/codes'
import { admitMcp, checkMcp, checkSession, prepareMcp, taintScore } from './mcp-limits'
import { activePolicies, weightOf, type ActivePolicy, type PolicyName } from './policies'
import { NO_RISK } from './profile'
import type { EvaluateInput, PolicyState, RiskDetails, RiskAction, Verdict } from './protocol'
import { checkRecords, recordsPolicies } from './records'
import { assess, throttledPolicies } from './risk'
import { isTokenRevoked } from './revocation'
import { liveBlock, withRejection, type BlockState, type GuardState } from './state'
import { advance, charge, emptyRing, nextFreeMs, retryAfterMs, type Ring } from './window'

export type Decision = {
  readonly state: GuardState
  readonly verdict: Verdict
  /** Exact time until a limit denial could be admitted, in ms (the verdict rounds it up to s). */
  readonly retryAfterMs?: number
}

type Windows = Partial<Record<PolicyName, Ring>>

export function decide(state: GuardState, input: EvaluateInput, now: number, jtiRevoked: boolean): Decision {
  const t = Math.max(now, state.clock)
  const active = activePolicies(input.limits)
  const windows = advanceAll(state.windows, active, t)
  const mcp = input.mcp ? prepareMcp(state.mcp, t, input.mcp.released) : state.mcp
  // Behaviour and risk (risk.ts): a block or revocation it decides applies to this very request.
  const assessed = input.risk ? assess(state, input, t, input.risk) : null
  const enforced = assessed?.enforcement
  const block = liveBlock(enforced?.block ?? state.block, t)
  const revokedBefore =
    enforced?.revokeBefore === undefined ? state.revokedBefore : Math.max(state.revokedBefore ?? 0, enforced.revokeBefore)
  const risk: RiskVerdict = assessed?.details ?? NO_RISK
  const next: GuardState = {
    ...state,
    clock: t,
    limits: copyLimits(input.limits),
    windows,
    block,
    revokedBefore,
    profile: assessed?.profile ?? state.profile,
    ...(mcp ? { mcp } : {}),
  }
  // While throttled by risk every limit is scaled down (the rendered headers show the scaled ones).
  const inForce = enforced?.throttled && input.risk ? throttledPolicies(active, input.risk.throttleFactor) : active
  const budgets = input.records ?? []
  const withRecords = (p: PolicyState[]): PolicyState[] => (budgets.length > 0 ? [...p, ...recordsPolicies(state.records, budgets, t)] : p)
  const current = (): PolicyState[] => withRecords(policyStates(windows, inForce, t))

  if (block) {
    const until = block.until === null ? 'indefinitely' : `until ${new Date(block.until).toISOString()}`
    const retry = block.until === null ? undefined : Math.ceil((block.until - t) / 1000)
    return deny(next, t, { code: 'AGENT_BLOCKED', reason: `blocked ${until}: ${block.reason}` }, current(), retry, risk)
  }
  if (isTokenRevoked(jtiRevoked, revokedBefore, input.token.iat)) {
    const reason = jtiRevoked ? 'token jti revoked' : `token iat < revokedBefore ${revokedBefore}`
    return deny(next, t, { code: 'TOKEN_REVOKED', reason }, current(), undefined, risk)
  }
  if (input.rejection !== undefined) {
    return deny(next, t, { code: input.rejection, reason: `input rejected by the worker` }, current(), undefined, risk)
  }
  // An MCP session of another agent (mcp-sessions.ts) is an authorization failure, not a limit.
  const foreign = input.mcp && mcp ? checkSession(mcp, input.mcp) : null
  if (foreign) return deny(next, t, foreign, current(), undefined, risk)
  // MCPSecurityConfig limits (mcp-limits.ts) rank with the other limits, after the general windows.
  const over =
    (inForce === active ? overLimit(windows, active, input.cost, t) : throttledOver(windows, active, inForce, input.cost, t, enforced?.state.throttleUntil ?? t)) ??
    (input.mcp && mcp ? checkMcp(mcp, input.mcp, input.bodyBytes, t) : null) ??
    (budgets.length > 0 ? checkRecords(state.records, budgets, t) : null)
  if (over) {
    const retry = Number.isFinite(over.ms) ? Math.ceil(over.ms / 1000) : undefined
    const decision = deny(next, t, over, current(), retry, risk)
    return Number.isFinite(over.ms) ? { ...decision, retryAfterMs: over.ms } : decision
  }
  const charged: Windows = {}
  for (const { spec } of active) {
    const ring = windows[spec.name]
    if (ring) charged[spec.name] = charge(ring, weightOf(spec, input.cost))
  }
  return {
    state: { ...next, windows: charged, admitted: next.admitted + 1, ...(input.mcp && mcp ? { mcp: admitMcp(mcp, input.mcp, t) } : {}) },
    verdict: { outcome: 'allow', policies: withRecords(policyStates(charged, inForce, t)), ...risk, risk: Math.max(risk.risk, taintScore(mcp, t)) },
  }
}

/** Rings of the windows in force, moved to `t`; windows no longer in force are dropped. */
function advanceAll(windows: Windows, active: readonly ActivePolicy[], t: number): Windows {
  const out: Windows = {}
  for (const { spec } of active) out[spec.name] = advance(windows[spec.name] ?? emptyRing(spec), spec, t)
  return out
}


type Violation = { readonly code: DenialCode; readonly reason: string; readonly ms: number }

type RiskVerdict = { readonly risk: number; readonly action: RiskAction } & RiskDetails

/**
 * Over the throttled limits: a quota denial if the real limits are exceeded too, otherwise 429
 * ABNORMAL_USAGE (problem type abnormal-usage-detected), retryable when the throttled window frees
 * or the cool-down ends, whichever comes first.
 */
function throttledOver(
  windows: Windows,
  active: readonly ActivePolicy[],
  throttled: readonly ActivePolicy[],
  cost: number,
  t: number,
  throttleUntil: number,
): Violation | null {
  const over = overLimit(windows, throttled, cost, t)
  if (!over) return null
  const quota = overLimit(windows, active, cost, t)
  if (quota) return quota
  return { code: 'ABNORMAL_USAGE', reason: `risk throttle: ${over.reason}`, ms: Math.max(1, Math.min(over.ms, throttleUntil - t)) }
}

/**
 * The windows this request does not fit, or null. With no other traffic each window's sum only
 * falls, so the request fits all windows at the latest of their retry times: that one decides the
 * code (RATE_LIMITED for request windows, BUDGET_EXHAUSTED for cost windows) and Retry-After.
 */
function overLimit(windows: Windows, active: readonly ActivePolicy[], cost: number, t: number): Violation | null {
  const names: string[] = []
  let worst: { name: PolicyName; unit: 'requests' | 'cost'; ms: number } | null = null
  for (const { spec, limit } of active) {
    const ring = windows[spec.name]
    if (!ring) continue
    const ms = retryAfterMs(ring, spec, limit, weightOf(spec, cost), t)
    if (ms === 0) continue
    names.push(spec.name)
    if (!worst || ms > worst.ms) worst = { name: spec.name, unit: spec.unit, ms }
  }
  if (!worst) return null
  const never = Number.isFinite(worst.ms) ? '' : ` (weight ${cost} exceeds the ${worst.name} limit: never admissible)`
  return {
    code: worst.unit === 'cost' ? 'BUDGET_EXHAUSTED' : 'RATE_LIMITED',
    reason: `over limit: ${names.join(', ')}${never}`,
    ms: worst.ms,
  }
}

function deny(
  state: GuardState,
  t: number,
  why: { readonly code: DenialCode; readonly reason: string },
  policies: readonly PolicyState[],
  retryAfterSeconds?: number,
  risk: RiskVerdict = NO_RISK,
): Decision {
  return {
    state: withRejection(state, t),
    verdict: {
      outcome: 'deny',
      code: why.code,
      reason: why.reason,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      policies,
      ...risk,
      risk: Math.max(risk.risk, taintScore(state.mcp, t)),
    },
  }
}

/** One PolicyState per window in force, for RateLimit-Policy / RateLimit and X-RateLimit-*. */
export function policyStates(windows: Windows, active: readonly ActivePolicy[], t: number): PolicyState[] {
  return active.map(({ spec, limit }) => {
    const ring = windows[spec.name] ?? emptyRing(spec)
    return {
      name: spec.name,
      limit,
      windowSeconds: spec.windowMs / 1000,
      remaining: Math.max(0, Math.floor(limit - ring.sum)),
      resetSeconds: Math.ceil(nextFreeMs(ring, spec, t) / 1000),
    }
  })
}

/** Only the known fields: the stored row must not grow with whatever the caller sent. */
function copyLimits(l: EvaluateInput['limits']): GuardState['limits'] {
  const base = { tier: l.tier, burst: l.burst, rpm: l.rpm, daily: l.daily, costPerMinute: l.costPerMinute }
  return l.costPerDay === undefined ? base : { ...base, costPerDay: l.costPerDay }
}
