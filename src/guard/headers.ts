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

export function rateLimitHeaders(policies: readonly PolicyState[]): Record<string, string> {
  if (policies.length === 0) return {}
  const policy = serializeList(
    policies.map((p) => {
      const params: Parameters = new Map<string, number | string>([['q', p.limit], ['w', p.windowSeconds]])
      if (COST.test(p.name)) params.set('qu', 'cost-units')
      return [p.name, params]
    }),
  )
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
