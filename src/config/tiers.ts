/** @module Tier defaults (DESIGN.md) and the zod schema for operator overrides in `TIERS`. */
import * as z from 'zod'

export type Tier = {
  readonly rpm: number
  readonly burst: number
  readonly daily: number
  readonly costPerMinute: number
  readonly costPerDay?: number
}

/** Defaults from the tier table; cost budgets allow a tier's rpm of average-weight (≈ 2) calls. */
export const DEFAULT_TIERS: Readonly<Record<string, Tier>> = {
  free: { rpm: 60, burst: 10, daily: 1_000, costPerMinute: 120 },
  standard: { rpm: 300, burst: 50, daily: 10_000, costPerMinute: 600 },
  premium: { rpm: 1_000, burst: 100, daily: 100_000, costPerMinute: 2_000 },
  internal: { rpm: 5_000, burst: 500, daily: 1_000_000, costPerMinute: 10_000 },
}

const count = z.number().int().positive()

/** One tier as written in the wrangler config (snake_case keys, all optional so a partial override works). */
export const TierOverrideSchema = z
  .object({
    rpm: count.optional(),
    burst: count.optional(),
    daily: count.optional(),
    cost_per_minute: count.optional(),
    cost_per_day: count.optional(),
  })
  .strict()

export const TierNameSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a lowercase tier name (a-z, 0-9, _ or -, ≤ 32 chars)')

/** Merges overrides into the defaults; a new tier must state rpm, burst and daily. */
export function mergeTiers(
  overrides: Record<string, z.infer<typeof TierOverrideSchema>>,
  ctx: z.RefinementCtx,
): Record<string, Tier> {
  const tiers: Record<string, Tier> = { ...DEFAULT_TIERS }
  for (const [name, o] of Object.entries(overrides)) {
    const base = tiers[name]
    const rpm = o.rpm ?? base?.rpm
    const burst = o.burst ?? base?.burst
    const daily = o.daily ?? base?.daily
    if (rpm === undefined || burst === undefined || daily === undefined) {
      ctx.addIssue({ code: 'custom', path: ['TIERS', name], message: 'a new tier needs rpm, burst and daily' })
      continue
    }
    const tier: Tier = {
      rpm,
      burst,
      daily,
      costPerMinute: o.cost_per_minute ?? base?.costPerMinute ?? rpm * 2,
      ...((o.cost_per_day ?? base?.costPerDay) !== undefined ? { costPerDay: o.cost_per_day ?? base?.costPerDay } : {}),
    }
    if (tier.burst > tier.rpm || tier.rpm > tier.daily) {
      ctx.addIssue({ code: 'custom', path: ['TIERS', name], message: 'expected burst ≤ rpm ≤ daily' })
    }
    tiers[name] = tier
  }
  return tiers
}
