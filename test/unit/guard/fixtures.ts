/** @module Builders for guard tests: an EvaluateInput with generous defaults, overridable per test. */
import type { AgentLimits, EvaluateInput } from '../../../src/guard/protocol'

/** Limits that never bind unless a test lowers one. */
export const OPEN_LIMITS: AgentLimits = {
  tier: 'test',
  burst: 1e9,
  rpm: 1e9,
  daily: 1e9,
  costPerMinute: 1e9,
}

export type InputOverrides = Partial<Omit<EvaluateInput, 'limits' | 'token'>> & {
  readonly limits?: Partial<AgentLimits>
  readonly token?: Partial<EvaluateInput['token']>
}

export function input(overrides: InputOverrides = {}): EvaluateInput {
  const { limits, token, ...rest } = overrides
  return {
    requestId: 'req-1',
    endpoint: 'GET /api/products',
    cost: 1,
    bodyBytes: 0,
    token: { jti: 'jti-1', iat: 1_700_000_000, exp: 1_700_000_900, ...token },
    limits: { ...OPEN_LIMITS, ...limits },
    screening: { score: 0, ruleIds: [], verdict: 'none' },
    ...rest,
  }
}

/** A round epoch-ms instant, aligned to every bucket width (10 min divides it). */
export const T0 = 1_800_000_000_000
