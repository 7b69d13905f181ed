/** @module Helpers for AgentGuard tests in workerd: unique agents and request inputs. */
import { env } from 'cloudflare:workers'
import type { AgentLimits, EvaluateInput } from '../../../src/guard/protocol'

let counter = 0

/** A stub for a fresh agent: storage is isolated per test file, not per test. */
export function freshAgent(label: string) {
  const name = `${label}-${++counter}-${crypto.randomUUID()}`
  return { name, stub: env.AGENT_GUARD.getByName(name) }
}

export const OPEN: AgentLimits = { tier: 'test', burst: 1e6, rpm: 1e6, daily: 1e6, costPerMinute: 1e6 }

const nowS = () => Math.floor(Date.now() / 1000)

export function request(
  overrides: { limits?: Partial<AgentLimits>; cost?: number; jti?: string; iat?: number } & Partial<
    Pick<EvaluateInput, 'rejection'>
  > = {},
): EvaluateInput {
  const { limits, cost, jti, iat, rejection } = overrides
  return {
    requestId: crypto.randomUUID(),
    endpoint: 'GET /api/products',
    cost: cost ?? 1,
    bodyBytes: 0,
    token: { jti: jti ?? 'jti-default', iat: iat ?? nowS(), exp: nowS() + 900 },
    limits: { ...OPEN, ...limits },
    screening: { score: 0, ruleIds: [], verdict: 'none' },
    ...(rejection ? { rejection } : {}),
  }
}
