/** @module Tier + token metadata → the limits sent to the agent's guard. Pure. */
import type { Principal } from '../auth/principal'
import type { Tier } from '../config/tiers'
import type { AgentLimits } from '../guard/protocol'

/** `max_rpm` may only lower the tier's rpm (and the burst with it), never raise it. */
export function resolveLimits(tiers: Readonly<Record<string, Tier>>, principal: Principal): AgentLimits {
  const tier = tiers[principal.tier]
  if (!tier) throw new Error(`unknown tier ${principal.tier}`)
  const rpm = principal.meta.maxRpm !== undefined ? Math.min(tier.rpm, principal.meta.maxRpm) : tier.rpm
  return {
    tier: principal.tier,
    burst: Math.min(tier.burst, rpm),
    rpm,
    daily: tier.daily,
    costPerMinute: tier.costPerMinute,
    ...(tier.costPerDay !== undefined ? { costPerDay: tier.costPerDay } : {}),
  }
}
