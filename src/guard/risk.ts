/**
 * @module Risk score and graduated response: readings → score in [0, 1] → action. Pure.
 *
 * Two kinds of evidence (docs/behavior.md):
 * - level signals (enumeration, denials, pace) measure something that is still true now, so each
 *   is re-read on every request and combined as it stands: L = 1 − Π(1 − wᵢ·sᵢ);
 * - event signals (novel endpoint or transition, payload outlier, chain, finding) happen once, so
 *   they accumulate into decaying evidence E ← 1 − (1 − E·d)·Π(1 − wⱼ·sⱼ).
 * The score is R = max(R·d, 1 − (1 − E)(1 − L)), with d = 2^(−Δt / half-life): evidence of either
 * kind fades when the behaviour stops, and a single weak signal can never reach an action that its
 * own weight does not allow (a weight below 0.3 never acts alone).
 */
import type { ActivePolicy } from './policies'
import { observe, type Profile, type Reading, type RiskState } from './profile'
import type { AlertDue, Anomaly, EvaluateInput, RiskAction, RiskDetails } from './protocol'
import { LEVEL_SIGNALS, type RiskPolicy, type RiskThresholds, type SignalName } from './risk-policy'
import { liveBlock, RECENT_REJECTIONS, type BlockState, type GuardState } from './state'
import { advance } from './window'

const LEVEL: ReadonlySet<SignalName> = new Set(LEVEL_SIGNALS)
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4

/** 2^(−Δt / half-life); 1 when no time passed. */
export const decayFactor = (dt: number, halfLifeMs: number): number => (dt <= 0 ? 1 : 2 ** (-dt / Math.max(1, halfLifeMs)))

export type Score = {
  readonly state: RiskState
  readonly risk: number
  /** Every non-zero reading, shadow ones flagged, strongest first. */
  readonly anomalies: readonly Anomaly[]
}

/** Decays the stored score to `t` and folds this request's readings in. */
export function score(prev: RiskState, readings: readonly Reading[], t: number, policy: RiskPolicy): Score {
  const d = decayFactor(t - prev.at, policy.halfLifeMs)
  let quietLevel = 1
  let quietEvents = 1 - prev.evidence * d
  const anomalies: Anomaly[] = []
  for (const r of readings) {
    const setting = policy.signals[r.signal]
    const shadow = setting.mode === 'shadow'
    anomalies.push(shadow ? { signal: r.signal, strength: r.strength, shadow: true } : { signal: r.signal, strength: r.strength })
    if (shadow) continue
    const contribution = Math.min(1, Math.max(0, (r.weight ?? setting.weight) * r.strength))
    if (LEVEL.has(r.signal)) quietLevel *= 1 - contribution
    else quietEvents *= 1 - contribution
  }
  const evidence = 1 - quietEvents
  const risk = round4(Math.min(1, Math.max(prev.score * d, 1 - quietEvents * quietLevel)))
  anomalies.sort((a, b) => b.strength - a.strength)
  return { state: { ...prev, score: risk, evidence: round4(evidence), at: Math.max(t, prev.at) }, risk, anomalies }
}

/** The action a risk level calls for (thresholds are inclusive lower bounds). */
export function bandOf(risk: number, th: RiskThresholds): RiskAction {
  if (risk >= th.revoke) return 'revoke'
  if (risk >= th.block) return 'block'
  if (risk >= th.throttle) return 'throttle'
  if (risk >= th.log) return 'log'
  return 'none'
}

export type Enforcement = {
  readonly state: RiskState
  /** What was done for this request (reported in the verdict and the data point). */
  readonly action: RiskAction
  /** In shadow mode: what would have been done. */
  readonly shadowAction?: RiskAction
  /** The block to store (new or extended), when the risk calls for one. */
  readonly block?: BlockState
  /** Raise revokedBefore to this (epoch s): every token issued so far dies. */
  readonly revokeBefore?: number
  /** Set once per escalation step, so the Worker notifies once. */
  readonly alert?: AlertDue
  /** Whether this request runs under throttled limits. */
  readonly throttled: boolean
}

const RANK: Record<RiskAction, number> = { none: 0, log: 1, throttle: 2, block: 3, revoke: 4 }

/**
 * Applies the policy to a scored request. Blocks extend while the risk stays at block level and
 * never shorten an existing (for example admin) block; a block episode alerts once for the block
 * and once more if it escalates to revocation. After a block lapses the agent comes back throttled
 * for one cool-down: graduated on the way down too.
 */
export function enforce(
  prev: RiskState,
  risk: number,
  anomalies: readonly Anomaly[],
  t: number,
  policy: RiskPolicy,
  current: BlockState | null,
): Enforcement {
  const band = bandOf(risk, policy.thresholds)
  const live = liveBlock(current, t)
  const escalation = live ? prev.escalation : 0
  if (policy.shadow) {
    const throttled = false
    return {
      state: { ...prev, escalation },
      action: RANK[band] > 0 ? 'log' : 'none',
      ...(RANK[band] > 1 ? { shadowAction: band } : {}),
      throttled,
    }
  }
  let throttleUntil = prev.throttleUntil > t ? prev.throttleUntil : 0
  if (RANK[band] === RANK.throttle) throttleUntil = Math.max(throttleUntil, t + policy.throttleMs)
  if (RANK[band] < RANK.block) {
    const throttled = throttleUntil > t
    const action: RiskAction = throttled && RANK[band] < RANK.throttle ? 'throttle' : band
    return { state: { ...prev, throttleUntil, escalation }, action, throttled }
  }
  const target = t + policy.blockMs
  const until = live && (live.until === null || live.until >= target) ? live.until : target
  const names = anomalies.filter((a) => !a.shadow).map((a) => a.signal)
  const block: BlockState = { until, reason: `risk ${risk.toFixed(2)}: ${names.join(', ') || 'accumulated'}` }
  throttleUntil = Math.max(throttleUntil, (until ?? target) + policy.throttleMs)
  const step = band === 'revoke' ? 2 : 1
  const alert: AlertDue | undefined =
    step > escalation
      ? { severity: step === 2 ? 'critical' : 'high', action: band, risk, anomalies: names, blockedUntil: until }
      : undefined
  return {
    state: { ...prev, throttleUntil, escalation: Math.max(escalation, step) as 1 | 2 },
    action: band,
    block: live && live.until === until ? live : block,
    ...(step === 2 && escalation < 2 ? { revokeBefore: Math.floor(t / 1000) + 1 } : {}),
    ...(alert ? { alert } : {}),
    throttled: true,
  }
}

/** Everything decide() needs from the risk policy for one request. */
export type Assessment = {
  readonly profile: Profile
  readonly enforcement: Enforcement
  readonly details: { readonly risk: number; readonly action: RiskAction } & RiskDetails
}

/**
 * Observe → score → enforce, for one request. `current` is the stored block (decide() applies the
 * block and revocation this returns before its precedence checks, so the request that crosses a
 * threshold is already answered under the new action).
 */
export function assess(state: GuardState, input: EvaluateInput, t: number, policy: RiskPolicy): Assessment {
  const recentDenials = advance(state.rejected.recent, RECENT_REJECTIONS, t).sum
  const { profile, readings } = observe(state.profile, input, t, { policy, recentDenials })
  const scored = score(profile.risk, readings, t, policy)
  const enforcement = enforce(scored.state, scored.risk, scored.anomalies, t, policy, state.block)
  return {
    profile: { ...profile, risk: enforcement.state },
    enforcement,
    details: {
      risk: scored.risk,
      action: enforcement.action,
      anomalies: scored.anomalies,
      ...(enforcement.shadowAction ? { shadowAction: enforcement.shadowAction } : {}),
      ...(enforcement.alert ? { alert: enforcement.alert } : {}),
    },
  }
}

/** Limits in force while throttled: each one multiplied by the factor, never below 1. */
export function throttledPolicies(active: readonly ActivePolicy[], factor: number): ActivePolicy[] {
  const f = Math.min(1, Math.max(0, factor))
  return active.map(({ spec, limit }) => ({ spec, limit: Math.max(1, Math.floor(limit * f)) }))
}
