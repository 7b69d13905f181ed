/**
 * @module Stage: ONE AgentGuard RPC with everything learned so far; its verdict decides.
 *
 * Fail closed (DESIGN.md): an RPC error or timeout answers 503 GUARD_UNAVAILABLE, unless the
 * route opted into failMode "open", which forwards and records a `failed_open` event.
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { DenialCode } from '../errors/codes'
import { deny, type DenialError } from '../errors/denial'
import type { EvaluateInput, ScreeningSummary, Verdict } from '../guard/protocol'
import { recordsBudgets } from '../config/dlp'
import { resolveLimits } from '../policy/limits'
import { Unavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../clients/deadline'
import { log } from '../telemetry/log'
import { declaredLength } from '../input/read'
import { NO_FINDINGS, type GatewayEnv } from './types'

export type GuardRequest = {
  readonly endpoint: string
  readonly resourceId?: string
  readonly cost: number
  readonly bodyBytes: number
  readonly screening?: ScreeningSummary
  readonly rejection?: DenialCode
  /** MCP requests: tool calls, session and MCPSecurityConfig limits (src/guard/mcp-limits.ts). */
  readonly mcp?: EvaluateInput['mcp']
}

/**
 * Calls the agent's guard; returns its verdict. Undefined only when the guard could not be reached
 * and either the route fails open or the Worker had already rejected the request (callers then
 * throw that rejection); a rejected request whose guard answers gets a verdict like any other.
 */
export async function consultGuard(c: Context<GatewayEnv>, req: GuardRequest, failMode: 'open' | 'closed'): Promise<Verdict | undefined> {
  const config = c.get('config')
  const principal = c.get('principal')
  const requestId = c.get('requestId')
  const input: EvaluateInput = {
    requestId,
    endpoint: req.endpoint,
    ...(req.resourceId !== undefined ? { resourceId: req.resourceId } : {}),
    cost: req.cost,
    bodyBytes: req.bodyBytes,
    token: { jti: principal.jti, iat: principal.iat, exp: principal.exp },
    limits: resolveLimits(config.tiers, principal),
    screening: req.screening ?? NO_FINDINGS,
    ...(req.rejection ? { rejection: req.rejection } : {}),
    ...(req.mcp ? { mcp: req.mcp } : {}),
    ...recordsBudgets(config.dlp, principal.tier, req.endpoint),
    risk: config.risk.policy,
  }
  let verdict: Verdict
  try {
    verdict = await config.clients.guard.evaluate(principal.agentId, input)
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error
    const reason = error.reason
    // Already refused by the Worker: answer with that refusal (the caller throws it); a guard
    // outage must not turn a 403 or 422 into a 503, and nothing is forwarded either way.
    if (req.rejection) {
      log({ event: 'guard_unreachable_for_rejection', requestId, agentId: principal.agentId, endpoint: req.endpoint, reason })
      c.set('guard', { kind: 'unreachable', reason })
      return undefined
    }
    if (failMode === 'open') {
      log({ event: 'failed_open', requestId, agentId: principal.agentId, endpoint: req.endpoint, reason })
      c.set('guard', { kind: 'failed_open', reason })
      return undefined
    }
    throw deny('GUARD_UNAVAILABLE', reason, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS })
  }
  c.set('guard', { kind: 'verdict', verdict })
  return verdict
}

/**
 * Applies the guard's verdict. The guard decides precedence (a block or revocation outranks the
 * Worker's refusal, which keeps its own details such as schema pointers when the guard agrees),
 * but a Worker-side refusal is always enforced: even a guard that answered "allow" (version skew,
 * a regression) or did not answer never lets a refused request through.
 */
export function enforceVerdict(verdict: Verdict | undefined, rejected: DenialError | undefined): void {
  const denial = verdict ? verdictDenial(verdict) : undefined
  if (denial) throw rejected && denial.denial.code === rejected.denial.code ? rejected : denial
  if (rejected) throw rejected
}

export function verdictDenial(verdict: Verdict): DenialError | undefined {
  if (verdict.outcome === 'allow') return undefined
  return deny(verdict.code, verdict.reason, verdict.retryAfterSeconds !== undefined ? { retryAfterSeconds: verdict.retryAfterSeconds } : {})
}

/** Route requests: the guard sees every authenticated request, including ones the inspection rejected. */
export const guard = createMiddleware<GatewayEnv>(async (c, next) => {
  const route = c.get('route')
  const params = c.get('params')
  const ids = Object.values(params)
  const rejected = c.get('inspection')?.rejection
  const verdict = await consultGuard(
    c,
    {
      endpoint: route.key,
      ...(ids.length > 0 ? { resourceId: ids[ids.length - 1]! } : {}),
      cost: route.cost,
      // Streamed bodies are never read: their declared length still feeds the payload-size profile.
      bodyBytes: c.get('body')?.bytes.byteLength ?? declaredLength(c.req.raw.headers) ?? 0,
      screening: c.get('inspection')?.screening ?? NO_FINDINGS,
      ...(rejected ? { rejection: rejected.denial.code } : {}),
    },
    route.failMode,
  )
  enforceVerdict(verdict, rejected)
  await next()
})
