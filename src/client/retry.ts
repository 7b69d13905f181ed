/**
 * @module When to retry and how long to wait: Retry-After (RFC 9110 §10.2.3), the IETF RateLimit
 * field (draft-ietf-httpapi-ratelimit-headers, an RFC 9651 structured List) and jittered
 * exponential backoff. Pure: time and randomness come in as arguments.
 */
import { parseList, Token, type List } from 'structured-headers'

export type RetryOptions = {
  /** Retries after the first attempt (default 3). */
  readonly maxRetries: number
  /** First backoff step in ms (default 250); doubles per retry. */
  readonly baseDelayMs: number
  /** Cap of one backoff step, and the longest server-requested wait that is honoured, in ms (default 30 s); jitter comes on top. A server asking for more fails fast instead. */
  readonly maxDelayMs: number
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 3, baseDelayMs: 250, maxDelayMs: 30_000 }

/** Only these are retried: the request was not processed and the server says when to come back. */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 503])

/** Retry-After as delay-seconds or an HTTP-date; ms from `now`, or undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined
  const v = value.trim()
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000
  // HTTP-date forms all start with a day name; Date.parse alone would take "-1" or "1.5" as dates.
  if (!/^[A-Za-z]{3,9},? /.test(v)) return undefined
  const date = Date.parse(v)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export type RateLimitEntry = { readonly policy: string; readonly remaining?: number; readonly resetSeconds?: number }

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined)

/**
 * `RateLimit: "minute";r=0;t=12, "burst";r=3;t=1`: a List of items (sf-string or token) with
 * integer parameters r (remaining) and t (seconds until reset), parsed by `structured-headers`
 * (RFC 9651). A field that does not parse is ignored whole (RFC 9651 §4.2: "the entire field
 * value is ignored"), so no half-read value is trusted: the client then has Retry-After and its own
 * backoff. Within a valid field, members that are not policies and parameters that are not
 * non-negative integers are skipped; unknown parameters are ignored.
 */
export function parseRateLimit(value: string | null | undefined): RateLimitEntry[] {
  if (!value) return []
  let list: List
  try {
    list = parseList(value)
  } catch {
    return []
  }
  const out: RateLimitEntry[] = []
  for (const [item, params] of list) {
    const policy = typeof item === 'string' ? item : item instanceof Token ? item.toString() : undefined
    if (policy === undefined) continue
    const remaining = count(params.get('r'))
    const resetSeconds = count(params.get('t'))
    out.push({ policy, ...(remaining !== undefined ? { remaining } : {}), ...(resetSeconds !== undefined ? { resetSeconds } : {}) })
  }
  return out
}

/**
 * How long the server asked us to stay away, in ms: the later of Retry-After and the reset of
 * every exhausted (r=0) RateLimit policy. Undefined when it said nothing.
 */
export function serverWaitMs(headers: Headers, now: number): number | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now)
  const exhausted = parseRateLimit(headers.get('ratelimit'))
    .filter((e) => e.remaining === 0 && e.resetSeconds !== undefined)
    .map((e) => e.resetSeconds! * 1000)
  const all = [...(retryAfter !== undefined ? [retryAfter] : []), ...exhausted]
  return all.length === 0 ? undefined : Math.max(...all)
}

/**
 * Delay before retry number `attempt` (0-based). The server's wait is a floor, never shortened;
 * on top of it, and without it, an exponentially growing jitter spreads clients that were refused
 * together so they do not come back together ("equal jitter": half fixed, half random).
 */
export function retryDelayMs(attempt: number, serverMs: number | undefined, opts: RetryOptions, random: () => number): number {
  const step = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** attempt)
  const jitter = step / 2 + random() * (step / 2)
  return Math.ceil((serverMs ?? 0) + jitter)
}
