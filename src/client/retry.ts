/**
 * @module When to retry and how long to wait: Retry-After (RFC 9110 §10.2.3), the IETF RateLimit
 * field (draft-ietf-httpapi-ratelimit-headers, an RFC 9651 structured List) and jittered
 * exponential backoff. Pure: time and randomness come in as arguments.
 */

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

/**
 * `RateLimit: "minute";r=0;t=12, "burst";r=3;t=1`: a List of items (sf-string or token) with
 * integer parameters r (remaining) and t (seconds until reset). Unknown parameters are ignored;
 * a malformed member is skipped rather than trusted.
 */
export function parseRateLimit(value: string | null | undefined): RateLimitEntry[] {
  if (!value) return []
  const out: RateLimitEntry[] = []
  for (const member of splitList(value)) {
    const m = /^\s*("(?:[^"\\]|\\.)*"|[A-Za-z*][A-Za-z0-9_.:/%*+!#$&'^`|~-]*)((?:\s*;\s*[a-z*][a-z0-9_.*-]*(?:=[^;]*)?)*)\s*$/.exec(member)
    if (!m) continue
    const policy = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/\\(.)/g, '$1') : m[1]!
    let remaining: number | undefined
    let resetSeconds: number | undefined
    for (const param of m[2]!.split(';').slice(1)) {
      const [k, v] = param.split('=').map((s) => s.trim())
      const n = v !== undefined && /^-?\d{1,15}$/.test(v) ? Number(v) : undefined
      if (k === 'r' && n !== undefined && n >= 0) remaining = n
      if (k === 't' && n !== undefined && n >= 0) resetSeconds = n
    }
    out.push({ policy, ...(remaining !== undefined ? { remaining } : {}), ...(resetSeconds !== undefined ? { resetSeconds } : {}) })
  }
  return out
}

/** Splits a structured-field List on commas outside sf-strings. */
function splitList(value: string): string[] {
  const parts: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!
    if (quoted && ch === '\\') {
      cur += ch + (value[i + 1] ?? '')
      i++
      continue
    }
    if (ch === '"') quoted = !quoted
    if (ch === ',' && !quoted) {
      parts.push(cur)
      cur = ''
    } else cur += ch
  }
  parts.push(cur)
  return parts.filter((p) => p.trim() !== '')
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
