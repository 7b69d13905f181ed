/**
 * @module Failed client authentications per client id: a sliding window of attempt times. Pure.
 *
 * An attempt is counted BEFORE the secret is checked and refunded when it was right, so even a
 * burst of concurrent guesses gets at most `maxFailures` secret checks per window (exact, because
 * the Durable Object runs each acquire atomically). RFC 6819 §4.4.4.3 / §5.1.4.2.3.
 */
export type LockoutPolicy = { readonly maxFailures: number; readonly windowSeconds: number }

export type LockoutDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; /** Until the oldest counted attempt leaves the window. */ readonly retryAfterMs: number }

/** `attempts`: times (ms) of unrefunded attempts still in the window, ascending. */
export function decideAttempt(attempts: readonly number[], now: number, policy: LockoutPolicy): LockoutDecision {
  const windowMs = policy.windowSeconds * 1000
  const live = attempts.filter((at) => at > now - windowMs)
  if (live.length < policy.maxFailures) return { allowed: true }
  // Admissible again once all but maxFailures - 1 of them have left the window.
  const pivot = live[live.length - policy.maxFailures]!
  return { allowed: false, retryAfterMs: Math.max(1, pivot + windowMs - now) }
}

export function isLockoutPolicy(v: unknown): v is LockoutPolicy {
  if (typeof v !== 'object' || v === null) return false
  const p = v as Record<string, unknown>
  const int = (x: unknown, max: number) => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= max
  return int(p['maxFailures'], 1_000) && int(p['windowSeconds'], 86_400)
}
