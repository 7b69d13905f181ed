/**
 * @module Admin operations on the guard state: block, unblock, status, snapshot, reset. Pure.
 *
 * They take effect on the agent's very next evaluate(), because the Durable Object is the single
 * source of truth for its agent.
 */
import { policyStates } from './decide'
import { activePolicies } from './policies'
import { emptyProfile, PACE_FAST_MS, PACE_SLOW_MS, type Profile } from './profile'
import type { AgentSnapshot, ProfileSummary } from './protocol'
import { liveBlock, RECENT_REJECTIONS, type GuardState } from './state'
import { advance, emptyRing } from './window'

export type BlockCommand = { readonly until: number | null; readonly reason: string }

export type GuardStatus = {
  readonly blocked: boolean
  readonly blockedUntil: number | null
  readonly revokedBefore: number | null
}

export const applyBlock = (state: GuardState, command: BlockCommand): GuardState => ({
  ...state,
  block: { until: command.until, reason: command.reason },
})

export const applyUnblock = (state: GuardState): GuardState => ({ ...state, block: null })

export const applyRevokedBefore = (state: GuardState, before: number): GuardState => ({
  ...state,
  revokedBefore: before,
})

/**
 * Clears usage (windows, counters, records budgets, profile) so the agent starts afresh. Blocks and revocations stay:
 * they have their own admin calls, and a quota reset must never bring a revoked token back.
 */
export function applyReset(state: GuardState): GuardState {
  const { records: _usage, ...rest } = state
  return { ...rest, windows: {}, admitted: 0, rejected: { total: 0, recent: emptyRing(RECENT_REJECTIONS) }, profile: emptyProfile() }
}

export function status(state: GuardState, now: number): GuardStatus {
  const block = liveBlock(state.block, Math.max(now, state.clock))
  return { blocked: block !== null, blockedUntil: block?.until ?? null, revokedBefore: state.revokedBefore }
}

export type SnapshotContext = {
  readonly agentId: string
  readonly revokedJtis: number
  readonly stateBytes: number
}

/** Usage against the latest limits seen, as of `now` (empty policies before the first request). */
export function snapshot(state: GuardState, now: number, context: SnapshotContext): AgentSnapshot {
  const t = Math.max(now, state.clock)
  const active = state.limits ? activePolicies(state.limits) : []
  const windows = Object.fromEntries(
    active.map(({ spec }) => [spec.name, advance(state.windows[spec.name] ?? emptyRing(spec), spec, t)]),
  )
  return {
    agentId: context.agentId,
    blocked: liveBlock(state.block, t),
    revokedBefore: state.revokedBefore,
    revokedJtis: context.revokedJtis,
    policies: policyStates(windows, active, t),
    rejected: {
      total: state.rejected.total,
      lastMinute: advance(state.rejected.recent, RECENT_REJECTIONS, t).sum,
    },
    admitted: { total: state.admitted },
    // As of the agent's last request (the half-life lives in the Worker's policy, not in state).
    risk: state.profile.risk.score,
    stateBytes: context.stateBytes,
    profile: profileSummary(state.profile, t),
  }
}

/** The profile in operator units. Pace is the decayed arrival count per horizon, per minute. */
export function profileSummary(p: Profile, t: number): ProfileSummary {
  const r = p.risk
  return {
    requests: p.n,
    firstSeen: p.n > 0 ? p.first : null,
    lastSeen: p.n > 0 ? p.last : null,
    endpoints: Object.keys(p.endpoints).length,
    transitions: Object.keys(p.transitions).length,
    typicalBodyBytes: p.size.n > 0 ? Math.round(2 ** p.size.mean - 1) : null,
    pace: { recentPerMinute: round2(p.rate.fast / (PACE_FAST_MS / 60_000)), baselinePerMinute: round2(p.rate.slow / (PACE_SLOW_MS / 60_000)) },
    chainsInProgress: Object.entries(p.chains)
      .filter(([, progress]) => progress.some((x) => x !== null))
      .map(([name]) => name),
    riskState: { score: r.score, evidence: r.evidence, at: r.at, throttledUntil: r.throttleUntil > t ? r.throttleUntil : null, escalation: r.escalation },
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100
