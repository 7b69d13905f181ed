/**
 * @module Behavioural profile of one agent: the seam for risk scoring. Pure.
 *
 * Every evaluate() passes through observe(), allowed or denied, because findings of denied requests
 * must still reach the profile (DESIGN.md). Until behaviour scoring lands the profile is empty and
 * observe() is the identity; the guard then reports risk 0 and action 'none'.
 */
import type { EvaluateInput, RiskAction } from './protocol'

/** Persisted with the rest of the guard state; keep it small and bounded. */
export type Profile = Readonly<Record<string, never>>

export const emptyProfile = (): Profile => ({})

/** Folds one request into the profile. Identity for now. */
export function observe(profile: Profile, _input: EvaluateInput, _now: number): Profile {
  return profile
}

/** Risk as reported in verdicts until scoring exists: no risk, no action. */
export const NO_RISK: { readonly risk: number; readonly action: RiskAction } = { risk: 0, action: 'none' }
