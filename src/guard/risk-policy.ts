/**
 * @module The risk policy: which signals count, how much, and what each risk level does. Plain data.
 *
 * The Worker builds it once from configuration (src/config/risk.ts) and sends it with every
 * evaluate(), like the limits, so configuration stays single-sourced in the Worker and a change
 * applies on the next request. The defaults below are the ones docs/behavior.md explains.
 */
import type { ChainSpec } from './chains'

/**
 * Level signals measure a rate or a count over a window and are re-read on every request; event
 * signals fire on one request and add evidence that decays (risk.ts has the combination).
 */
export const LEVEL_SIGNALS = ['enumeration', 'denials', 'pace'] as const
export const EVENT_SIGNALS = ['novel_endpoint', 'novel_transition', 'payload_size', 'sensitive_chain', 'findings', 'records'] as const
export const SIGNALS = [...LEVEL_SIGNALS, ...EVENT_SIGNALS] as const
export type SignalName = (typeof SIGNALS)[number]

/** 'shadow' computes and reports the signal but gives it no weight; 'off' skips it. */
export type SignalMode = 'on' | 'shadow' | 'off'

export type SignalSetting = { readonly mode: SignalMode; readonly weight: number }

export type RiskThresholds = {
  readonly log: number
  readonly throttle: number
  readonly block: number
  readonly revoke: number
}

export type RiskPolicy = {
  /** Risk at or above each value takes that action (the highest one reached wins). */
  readonly thresholds: RiskThresholds
  /** Throttle: every limit is multiplied by this (0, 1] … */
  readonly throttleFactor: number
  /** … for this long after the risk was last in the throttle band (or after a block lapses). */
  readonly throttleMs: number
  /**
   * Block (and revoke) duration, extended while the risk stays at block level. The default (10 min)
   * is shorter than the longest token lifetime (15 min) on purpose: after a revocation the block
   * lapses while tokens issued before it are still unexpired, and those stay dead.
   */
  readonly blockMs: number
  /** Action policy in shadow mode: risk is scored and reported, nothing is enforced or notified. */
  readonly shadow: boolean
  /** Risk and event evidence halve after this long without new evidence. */
  readonly halfLifeMs: number
  /**
   * A new agent's leeway: the learned signals (novelty, payload, pace) stay silent until the agent
   * has made this many requests AND is this old, so the baseline has seen its less frequent tasks.
   */
  readonly warmupRequests: number
  readonly warmupMs: number
  readonly signals: Readonly<Record<SignalName, SignalSetting>>
  /** Distinct resource ids per route template: `start` scores 0, `full` scores 1, over W to 2W. */
  readonly enumeration: { readonly start: number; readonly full: number; readonly windowMs: number }
  /** Chains scored by the `sensitive_chain` signal; `weight` overrides the signal's weight. */
  readonly chains: readonly (ChainSpec & { readonly weight?: number })[]
}

export const DEFAULT_SIGNALS: Readonly<Record<SignalName, SignalSetting>> = {
  enumeration: { mode: 'on', weight: 0.9 },
  denials: { mode: 'on', weight: 0.45 },
  pace: { mode: 'on', weight: 0.2 },
  novel_endpoint: { mode: 'on', weight: 0.35 },
  novel_transition: { mode: 'on', weight: 0.06 },
  payload_size: { mode: 'on', weight: 0.35 },
  sensitive_chain: { mode: 'on', weight: 0.6 },
  findings: { mode: 'on', weight: 0.3 },
  // Crossing a personal-data records budget (docs/dlp.md): one crossing is logged, repeats throttle.
  records: { mode: 'on', weight: 0.4 },
}

export const DEFAULT_RISK_POLICY: RiskPolicy = {
  thresholds: { log: 0.3, throttle: 0.5, block: 0.7, revoke: 0.9 },
  throttleFactor: 0.25,
  throttleMs: 5 * 60_000,
  blockMs: 10 * 60_000,
  shadow: false,
  halfLifeMs: 10 * 60_000,
  warmupRequests: 50,
  warmupMs: 30 * 60_000,
  signals: DEFAULT_SIGNALS,
  enumeration: { start: 40, full: 200, windowMs: 5 * 60_000 },
  chains: [],
}
