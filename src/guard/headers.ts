/**
 * @module Guard policy state → rate-limit response headers. Pure.
 *
 * `RateLimit-Policy` and `RateLimit` are the structured fields of draft-ietf-httpapi-ratelimit-headers
 * (Lists of named policies: q/w/qu and r/t parameters, serialised per RFC 9651). `X-RateLimit-*`
 * repeat the most constraining policy for clients that only know the de-facto headers.
 */
import { serializeList, type Parameters } from 'structured-headers'
import type { PolicyState } from './protocol'

const COST = /^cost/

/**
 * `RateLimit-Policy` depends only on the names, quotas and windows, which repeat for every request of
 * a tier (a throttle scales them), so its serialisation is kept per fingerprint. Bounded: the map is
 * cleared when full, since only a handful of tiers and throttle states ever occur.
 */
const POLICY_FIELDS = new Map<string, string>()
const MAX_POLICY_FIELDS = 256

function policyField(policies: readonly PolicyState[]): string {
  let key = ''
  for (const p of policies) key += `${p.name}|${p.limit}|${p.windowSeconds};`
  let field = POLICY_FIELDS.get(key)
  if (field === undefined) {
    field = serializeList(
      policies.map((p) => {
        const params: Parameters = new Map<string, number | string>([['q', p.limit], ['w', p.windowSeconds]])
        if (COST.test(p.name)) params.set('qu', 'cost-units')
        return [p.name, params]
      }),
    )
    if (POLICY_FIELDS.size >= MAX_POLICY_FIELDS) POLICY_FIELDS.clear()
    POLICY_FIELDS.set(key, field)
  }
  return field
}

export function rateLimitHeaders(policies: readonly PolicyState[]): Record<string, string> {
  if (policies.length === 0) return {}
  const policy = policyField(policies)
  const state = serializeList(
    policies.map((p) => [p.name, new Map<string, number>([['r', Math.max(0, p.remaining)], ['t', Math.max(0, Math.ceil(p.resetSeconds))]])]),
  )
  const tightest = mostConstraining(policies)
  return {
    'ratelimit-policy': policy,
    ratelimit: state,
    'x-ratelimit-limit': String(tightest.limit),
    'x-ratelimit-remaining': String(Math.max(0, tightest.remaining)),
    'x-ratelimit-reset': String(Math.max(0, Math.ceil(tightest.resetSeconds))),
  }
}

/** The policy that will deny first: least remaining, then the longest wait. */
export function mostConstraining(policies: readonly PolicyState[]): PolicyState {
  return policies.reduce((a, b) => (b.remaining < a.remaining || (b.remaining === a.remaining && b.resetSeconds > a.resetSeconds) ? b : a))
}
