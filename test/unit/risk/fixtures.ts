/** @module Builders for risk unit tests: a policy with the demo chain, and inputs that carry it. */
import type { EvaluateInput } from '../../../src/guard/protocol'
import { DEFAULT_RISK_POLICY, type RiskPolicy } from '../../../src/guard/risk-policy'
import { input as guardInput, type InputOverrides } from '../guard/fixtures'

export const CHAIN = ['GET /api/users/me', 'GET /api/orders', 'POST /api/reviews'] as const

export const POLICY: RiskPolicy = {
  ...DEFAULT_RISK_POLICY,
  chains: [{ name: 'aggregation', steps: CHAIN, windowMs: 300_000 }],
}

export const FREE = { tier: 'free', burst: 10, rpm: 60, daily: 1_000, costPerMinute: 120 }

export function riskInput(endpoint: string, o: InputOverrides & { policy?: RiskPolicy } = {}): EvaluateInput {
  const { policy, ...rest } = o
  return guardInput({ endpoint, limits: FREE, risk: policy ?? POLICY, ...rest })
}

/** Park–Miller: seeded traffic shapes. */
export function prng(seed: number) {
  let s = seed % 2_147_483_647 || 1
  return () => (s = (s * 48_271) % 2_147_483_647) / 2_147_483_647
}
