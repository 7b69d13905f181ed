/**
 * @module Behavioural profile of one agent, folded one request at a time. Pure, O(1), bounded.
 *
 * Every evaluate() that carries a risk policy (the Worker always sends one) passes through
 * observe(), allowed or denied, because findings of denied requests must still reach the profile
 * (DESIGN.md). It updates the statistics below and returns the signal
 * readings of this request; risk.ts turns readings into a score and an action.
 *
 * Bounds (docs/behavior.md has the byte count): at most MAX_ENDPOINTS endpoint counts and
 * MAX_TRANSITIONS transition counts, both halved once their total passes DECAY_AT; MAX_SKETCHES
 * route sketches of 2 × 32 bytes; one progress entry per configured chain; a few scalars. Keys are
 * 32-bit hashes, so long endpoint names or resource ids never reach the row.
 */
import { stepChain, type ChainProgress } from './chains'
import { keyOf } from './hash'
import type { EvaluateInput, RiskAction } from './protocol'
import type { RiskPolicy, SignalName } from './risk-policy'
import { addBit, bitOf, estimate, roll, type RouteSketch } from './sketch'

export const MAX_ENDPOINTS = 24
export const MAX_TRANSITIONS = 48
export const MAX_SKETCHES = 4
/** Counts are halved (rounding up, so a seen key stays seen) once their total passes this. */
export const DECAY_AT = 512
/** Payload statistics forget with weight 1/SIZE_MEMORY once they have this many samples. */
export const SIZE_MEMORY = 200
export const MIN_SIZE_SAMPLES = 10
/** Arrival-rate horizons: the recent pace against the agent's own hour-long baseline. */
export const PACE_FAST_MS = 60_000
export const PACE_SLOW_MS = 3_600_000
/** Gaps longer than this count as idle: the baseline is the agent's pace while active. */
export const PACE_IDLE_MS = 5 * 60_000

export type Welford = { readonly n: number; readonly mean: number; readonly m2: number }

/** Score state; lives in the profile so reset() forgives an agent in one place. */
export type RiskState = {
  /** Risk at `at`, in [0, 1]; decays with the policy's half-life. */
  readonly score: number
  /** Accumulated event evidence at `at`, in [0, 1]; decays with the same half-life. */
  readonly evidence: number
  readonly at: number
  /** Epoch ms until which limits are multiplied by the throttle factor; 0 when not throttled. */
  readonly throttleUntil: number
  /** What the current block episode already did: 0 nothing, 1 blocked, 2 revoked (one alert each). */
  readonly escalation: 0 | 1 | 2
}

export type Profile = {
  /** Requests observed, denied ones included. */
  readonly n: number
  readonly first: number
  readonly last: number
  /** Key of the previous endpoint, for transitions. */
  readonly prev: string | null
  readonly endpoints: Readonly<Record<string, number>>
  readonly transitions: Readonly<Record<string, number>>
  /** Running mean and variance of log2(1 + body bytes), bodies only. */
  readonly size: Welford
  /**
   * Exponentially decayed arrival counts over PACE_FAST_MS and PACE_SLOW_MS, and the active time
   * (gaps capped at PACE_IDLE_MS) they were collected over, for the bias correction.
   */
  readonly rate: { readonly fast: number; readonly slow: number; readonly active: number }
  /** Most recently used first. */
  readonly sketches: readonly RouteSketch[]
  readonly chains: Readonly<Record<string, ChainProgress>>
  readonly risk: RiskState
}

export const emptyRiskState = (): RiskState => ({ score: 0, evidence: 0, at: 0, throttleUntil: 0, escalation: 0 })

export const emptyProfile = (): Profile => ({
  n: 0,
  first: 0,
  last: 0,
  prev: null,
  endpoints: {},
  transitions: {},
  size: { n: 0, mean: 0, m2: 0 },
  rate: { fast: 0, slow: 0, active: 0 },
  sketches: [],
  chains: {},
  risk: emptyRiskState(),
})

/** One signal's strength in [0, 1] for this request (only non-zero ones are returned). */
export type Reading = { readonly signal: SignalName; readonly strength: number; readonly weight?: number }

export type Observation = { readonly profile: Profile; readonly readings: readonly Reading[] }

export type ObserveContext = {
  readonly policy: RiskPolicy
  /** Denials in the last minute before this request (the guard's own counter). */
  readonly recentDenials: number
}

export const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0)
const ramp = (x: number, from: number, to: number): number => clamp01((x - from) / (to - from))
const round = (x: number, digits: number): number => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/** Folds one request into the profile and reads every enabled signal. */
export function observe(profile: Profile, input: EvaluateInput, t: number, ctx: ObserveContext): Observation {
  const { policy } = ctx
  const on = (s: SignalName) => policy.signals[s].mode !== 'off'
  const warm = profile.n >= policy.warmupRequests && profile.n > 0 && t - profile.first >= policy.warmupMs
  const readings: Reading[] = []
  const read = (signal: SignalName, strength: number, weight?: number) => {
    const s = round(clamp01(strength), 3)
    if (s > 0 && on(signal)) readings.push(weight === undefined ? { signal, strength: s } : { signal, strength: s, weight })
  }

  // Endpoint mix: first-seen (or very rare) endpoints after warm-up; a never-used expensive
  // endpoint is more telling than a never-used cheap read.
  const ek = keyOf(input.endpoint)
  const total = sum(profile.endpoints)
  const seen = profile.endpoints[ek] ?? 0
  let endpointStrength = 0
  if (warm) {
    endpointStrength = seen === 0 ? 0.3 + 0.7 * Math.min(1, input.cost / 20) : 0.5 * ramp(Math.log2(total / seen), 6, 10)
  }
  read('novel_endpoint', endpointStrength)
  const tk = profile.prev === null ? null : keyOf(`${profile.prev}>${ek}`)
  // A new transition between familiar endpoints; a new endpoint already counted above.
  if (warm && tk !== null && endpointStrength === 0 && profile.transitions[tk] === undefined) read('novel_transition', 1)

  // Payload size: z-score of log2(bytes), so "orders of magnitude" is what stands out.
  let size = profile.size
  if (input.bodyBytes > 0) {
    const x = Math.log2(1 + input.bodyBytes)
    if (warm && size.n >= MIN_SIZE_SAMPLES) {
      const sd = Math.max(1, Math.sqrt(size.m2 / (size.n - 1)))
      read('payload_size', ramp((x - size.mean) / sd, 3, 6))
    }
    size = welford(size, x)
  }

  // Pace: the last minute's arrival rate against the agent's own rate while active (inter-arrival
  // gaps folded into exponentially decayed counts; idle gaps are capped so a pause that ends is not
  // "a sudden change of pace"). Both are bias-corrected like an EWMA started at zero.
  const dt = profile.n === 0 ? 0 : Math.max(0, t - profile.last)
  const busy = Math.min(dt, PACE_IDLE_MS)
  const first = profile.n === 0 ? t : profile.first
  const rate = {
    fast: round(profile.rate.fast * Math.exp(-dt / PACE_FAST_MS) + 1, 3),
    slow: round(profile.rate.slow * Math.exp(-busy / PACE_SLOW_MS) + 1, 3),
    active: profile.rate.active + busy,
  }
  if (warm) {
    const active = Math.max(1000, rate.active)
    const fast = rate.fast / (PACE_FAST_MS * (1 - Math.exp(-active / PACE_FAST_MS)))
    const slow = rate.slow / (PACE_SLOW_MS * (1 - Math.exp(-active / PACE_SLOW_MS)))
    read('pace', ramp(Math.log2(fast / slow), 2, 5))
  }

  // Enumeration: distinct resource ids per route template, over one to two windows.
  const epoch = Math.floor(t / policy.enumeration.windowMs)
  let sketches = profile.sketches.map((s) => roll(s, epoch))
  if (input.resourceId !== undefined && on('enumeration')) {
    const own = sketches.find((s) => s.k === ek) ?? { k: ek, ep: epoch, cur: '', prev: '' }
    const added = addBit(own, bitOf(input.endpoint, input.resourceId))
    sketches = [added, ...sketches.filter((s) => s.k !== ek)].slice(0, MAX_SKETCHES)
  }
  sketches = sketches.filter((s) => s.cur !== '' || s.prev !== '')
  const distinct = sketches.reduce((m, s) => Math.max(m, estimate(s)), 0)
  read('enumeration', ramp(distinct, policy.enumeration.start, policy.enumeration.full))

  // Sensitive chains: only the configured ones are kept, so the map is bounded by the config.
  const chains: Record<string, ChainProgress> = {}
  let chainWeight = -1
  for (const chain of policy.chains) {
    const ck = keyOf(`${chain.steps.join('>')}|${chain.windowMs}`)
    const step = stepChain(chain, profile.chains[ck], input.endpoint, t)
    if (step.progress) chains[ck] = step.progress
    if (step.completed) chainWeight = Math.max(chainWeight, chain.weight ?? policy.signals.sensitive_chain.weight)
  }
  if (chainWeight >= 0) read('sensitive_chain', 1, chainWeight)

  // Pressure: repeated denials (a level over the last minute) and screening findings (events).
  read('denials', ramp(ctx.recentDenials, 5, 25))
  // A block is a confident finding; a flag (forwarded, below the block threshold) is weak evidence
  // on its own, so many flags are needed before they move the score.
  if (input.screening.verdict !== 'none') {
    read('findings', input.screening.verdict === 'block' ? Math.max(input.screening.score, 0.7) : 0.15 * input.screening.score)
  }

  const next: Profile = {
    ...profile,
    n: profile.n + 1,
    first,
    last: Math.max(t, profile.last),
    prev: ek,
    endpoints: bump(profile.endpoints, ek, MAX_ENDPOINTS),
    transitions: tk === null ? profile.transitions : bump(profile.transitions, tk, MAX_TRANSITIONS),
    size,
    rate,
    sketches,
    chains,
  }
  return { profile: next, readings }
}

const sum = (counts: Readonly<Record<string, number>>): number => {
  let s = 0
  for (const k in counts) s += counts[k] ?? 0
  return s
}

/** +1 for `key`; at the cap the least used other key is evicted; past DECAY_AT everything halves. */
function bump(counts: Readonly<Record<string, number>>, key: string, cap: number): Record<string, number> {
  const out: Record<string, number> = { ...counts, [key]: (counts[key] ?? 0) + 1 }
  const keys = Object.keys(out)
  if (keys.length > cap) {
    let victim: string | undefined
    for (const k of keys) if (k !== key && (victim === undefined || (out[k] ?? 0) < (out[victim] ?? 0))) victim = k
    if (victim !== undefined) delete out[victim]
  }
  if (sum(out) > DECAY_AT) for (const k of Object.keys(out)) out[k] = Math.ceil((out[k] ?? 0) / 2)
  return out
}

/**
 * Welford's update; past SIZE_MEMORY samples it becomes an exponentially weighted mean and
 * variance with weight 1/SIZE_MEMORY, so an agent's baseline can drift slowly but not jump.
 */
export function welford(w: Welford, x: number): Welford {
  if (w.n < SIZE_MEMORY) {
    const n = w.n + 1
    const delta = x - w.mean
    const mean = w.mean + delta / n
    return { n, mean: round(mean, 4), m2: round(w.m2 + delta * (x - mean), 4) }
  }
  const a = 1 / SIZE_MEMORY
  const delta = x - w.mean
  const variance = (1 - a) * (w.m2 / (w.n - 1) + a * delta * delta)
  return { n: w.n, mean: round(w.mean + a * delta, 4), m2: round(variance * (w.n - 1), 4) }
}

/** Risk as reported by calls that carry no risk policy: no risk, no action. */
export const NO_RISK: { readonly risk: number; readonly action: RiskAction } = { risk: 0, action: 'none' }
