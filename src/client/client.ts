/**
 * @module TollgateClient: a well-behaved agent's HTTP client for a Tollgate-protected API.
 *
 * - OAuth 2.0 client credentials (RFC 6749 §4.4), tokens cached per scope set (token-cache.ts);
 * - `X-Agent-ID` (the token's `sub`) and the bearer token on every call;
 * - 429 and 503 retried after the server's Retry-After / RateLimit reset, with jittered exponential
 *   backoff and a retry cap; while the server has asked this agent to wait, the client sends
 *   nothing at all for it, from any call: hammering after a 429 is what raises an agent's risk;
 * - other 4xx are never retried, except one retry with a fresh token after 401 TOKEN_EXPIRED;
 *   problem+json denials throw TollgateError with the stable `code`.
 *
 * Fetch-based with no Node built-ins, so it runs in Node ≥ 20, Workers, Deno and browsers.
 *
 * @example
 * const api = new TollgateClient({ baseUrl: 'https://api.example.com', clientId, clientSecret })
 * const res = await api.fetch('/api/search', { method: 'POST', json: { query: 'tents' }, scopes: ['search:execute'] })
 */
import { encodeBase64 } from '../lib/base64'
import { OAuthTokenError, TollgateError, TollgateRateLimitError, type Problem } from './errors'
import { DEFAULT_RETRY, RETRYABLE_STATUS, retryDelayMs, serverWaitMs, type RetryOptions } from './retry'
import { subjectOf, TokenCache, type AccessToken } from './token-cache'

export type TollgateClientOptions = {
  /** The protected API, e.g. `https://api.example.com`; relative paths resolve against it. */
  readonly baseUrl: string | URL
  readonly clientId: string
  readonly clientSecret: string
  /** Token endpoint; default `<baseUrl origin>/oauth/token` (Tollgate's own issuer). */
  readonly tokenUrl?: string | URL
  /** RFC 6749 §2.3.1; default `client_secret_basic`. */
  readonly authMethod?: 'client_secret_basic' | 'client_secret_post'
  /** Scopes asked for when a call names none; default: none, so the issuer grants all allowed. */
  readonly defaultScopes?: readonly string[]
  /** RFC 8707 resource indicator sent with token requests (optional). */
  readonly resource?: string
  /** Refresh a cached token this long before it expires (default 30 s). */
  readonly refreshSkewSeconds?: number
  readonly retry?: Partial<RetryOptions>
  /** Injected for tests and other runtimes; defaults are globalThis.fetch, Date.now, setTimeout, Math.random. */
  readonly fetch?: (request: Request) => Promise<Response>
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
  readonly random?: () => number
  /** Observes every request sent and every wait, e.g. for logs or the demo's narration. */
  readonly onEvent?: (event: ClientEvent) => void
}

export type ClientEvent =
  | { readonly type: 'request'; readonly method: string; readonly url: string; readonly attempt: number; readonly at: number }
  | { readonly type: 'response'; readonly method: string; readonly url: string; readonly status: number; readonly code?: string; readonly at: number }
  | { readonly type: 'wait'; readonly ms: number; readonly reason: 'retry' | 'paused'; readonly at: number }
  | { readonly type: 'token'; readonly scope: string; readonly at: number }

export type CallInit = Omit<RequestInit, 'body'> & {
  /** A replayable body: a retry re-sends it. Streams are not accepted, since they cannot be replayed. */
  readonly body?: string | Uint8Array | ArrayBuffer | URLSearchParams | null
  /** Sent as JSON with `content-type: application/json`. */
  readonly json?: unknown
  /** Scopes for this call's token; default `defaultScopes`. */
  readonly scopes?: readonly string[]
}

const PROBLEM = /^application\/problem\+json\b/i

export class TollgateClient {
  readonly #o: TollgateClientOptions
  readonly #retry: RetryOptions
  readonly #fetch: (request: Request) => Promise<Response>
  readonly #now: () => number
  readonly #sleep: (ms: number) => Promise<void>
  readonly #random: () => number
  readonly #tokens: TokenCache
  /** Per agent: no request before this time (epoch ms), because the server said so. */
  readonly #pausedUntil = new Map<string, { until: number; problem: Problem }>()

  constructor(options: TollgateClientOptions) {
    this.#o = options
    this.#retry = { ...DEFAULT_RETRY, ...options.retry }
    this.#fetch = options.fetch ?? ((r) => fetch(r))
    this.#now = options.now ?? Date.now
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.#random = options.random ?? Math.random
    this.#tokens = new TokenCache((scopes) => this.#requestToken(scopes), this.#now, (options.refreshSkewSeconds ?? 30) * 1000)
  }

  /** A cached or fresh access token for these scopes. */
  token(scopes: readonly string[] | undefined = this.#o.defaultScopes): Promise<AccessToken> {
    return this.#tokens.get(scopes)
  }

  /** Drops cached tokens (all of them without an argument), e.g. after the operator revoked them. */
  invalidate(scopes?: readonly string[]): void {
    if (scopes === undefined) this.#tokens.clear()
    else this.#tokens.invalidate(scopes)
  }

  /**
   * Sends a request through Tollgate. Resolves with the response for any answer that is not a
   * problem+json error (so origin 404s etc. are the caller's); throws TollgateError for denials.
   */
  async fetch(path: string | URL, init: CallInit = {}): Promise<Response> {
    const { scopes = this.#o.defaultScopes, json, body, ...rest } = init
    const url = new URL(path, this.#o.baseUrl).href
    const method = (rest.method ?? 'GET').toUpperCase()
    let payload = body ?? undefined
    const baseHeaders = new Headers(rest.headers)
    if (json !== undefined) {
      payload = JSON.stringify(json)
      if (!baseHeaders.has('content-type')) baseHeaders.set('content-type', 'application/json')
    }
    let expiredRetried = false
    for (let attempt = 0; ; attempt++) {
      const token = await this.#tokens.get(scopes)
      const agent = token.agentId ?? this.#o.clientId
      await this.#waitIfPaused(agent, attempt)
      const headers = new Headers(baseHeaders)
      headers.set('authorization', `Bearer ${token.accessToken}`)
      headers.set('x-agent-id', agent)
      this.#emit({ type: 'request', method, url, attempt, at: this.#now() })
      const response = await this.#fetch(new Request(url, { ...rest, method, headers, body: payload ?? null }))
      const retryable = RETRYABLE_STATUS.has(response.status)
      if (!retryable && (response.ok || !PROBLEM.test(response.headers.get('content-type') ?? ''))) {
        this.#emit({ type: 'response', method, url, status: response.status, at: this.#now() })
        return response
      }
      const problem = await readProblem(response)
      this.#emit({ type: 'response', method, url, status: response.status, ...(problem.code ? { code: problem.code } : {}), at: this.#now() })
      const now = this.#now()
      const waitMs = serverWaitMs(response.headers, now)
      const retryAfterSeconds = waitMs === undefined ? undefined : Math.ceil(waitMs / 1000)

      if (response.status === 401 && problem.code === 'TOKEN_EXPIRED' && !expiredRetried) {
        // Clock skew between us and the edge: one fresh token, once.
        expiredRetried = true
        this.#tokens.invalidate(scopes)
        attempt--
        continue
      }
      if (response.status === 401 && problem.code === 'TOKEN_REVOKED') this.#tokens.clear()
      if (!retryable) throw new TollgateError(problem, { ...opt(retryAfterSeconds), attempts: attempt + 1 })

      if (waitMs !== undefined) this.#pause(agent, now + waitMs, problem)
      if (attempt >= this.#retry.maxRetries || (waitMs ?? 0) > this.#retry.maxDelayMs) {
        throw new TollgateRateLimitError(problem, { ...opt(retryAfterSeconds), attempts: attempt + 1 })
      }
      const delay = retryDelayMs(attempt, waitMs, this.#retry, this.#random)
      this.#emit({ type: 'wait', ms: delay, reason: 'retry', at: now })
      await this.#sleep(delay)
    }
  }

  /** fetch() and parse the JSON body. */
  async json<T = unknown>(path: string | URL, init: CallInit = {}): Promise<T> {
    const response = await this.fetch(path, init)
    return (await response.json()) as T
  }

  #emit(event: ClientEvent): void {
    this.#o.onEvent?.(event)
  }

  #pause(agent: string, until: number, problem: Problem): void {
    const current = this.#pausedUntil.get(agent)
    if (!current || current.until < until) this.#pausedUntil.set(agent, { until, problem })
  }

  /**
   * Holds a call while the server has asked this agent to wait. A wait longer than maxDelayMs is
   * refused locally, with the server's own code, and nothing is sent.
   */
  async #waitIfPaused(agent: string, attempt: number): Promise<void> {
    for (;;) {
      const paused = this.#pausedUntil.get(agent)
      const now = this.#now()
      if (!paused || paused.until <= now) {
        if (paused) this.#pausedUntil.delete(agent)
        return
      }
      const ms = paused.until - now
      if (ms > this.#retry.maxDelayMs) {
        throw new TollgateRateLimitError(paused.problem, { retryAfterSeconds: Math.ceil(ms / 1000), attempts: attempt })
      }
      this.#emit({ type: 'wait', ms, reason: 'paused', at: now })
      await this.#sleep(ms)
    }
  }

  async #requestToken(scopes: readonly string[] | undefined): Promise<AccessToken> {
    const o = this.#o
    const tokenUrl = new URL(o.tokenUrl ?? '/oauth/token', o.baseUrl).href
    const form = new URLSearchParams({ grant_type: 'client_credentials' })
    if (scopes !== undefined && scopes.length > 0) form.set('scope', scopes.join(' '))
    if (o.resource !== undefined) form.set('resource', o.resource)
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' })
    if ((o.authMethod ?? 'client_secret_basic') === 'client_secret_basic') {
      // RFC 6749 §2.3.1: form-encode id and secret before Basic's base64.
      const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')
      headers.set('authorization', `Basic ${encodeBase64(new TextEncoder().encode(`${enc(o.clientId)}:${enc(o.clientSecret)}`))}`)
    } else {
      form.set('client_id', o.clientId)
      form.set('client_secret', o.clientSecret)
    }
    for (let attempt = 0; ; attempt++) {
      const sentAt = this.#now()
      const response = await this.#fetch(new Request(tokenUrl, { method: 'POST', headers, body: form.toString() }))
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
      if (response.ok && typeof body['access_token'] === 'string') {
        const expiresIn = typeof body['expires_in'] === 'number' ? body['expires_in'] : 300
        const token: AccessToken = {
          accessToken: body['access_token'],
          scope: typeof body['scope'] === 'string' ? body['scope'] : (scopes ?? []).join(' '),
          expiresAt: sentAt + expiresIn * 1000,
          agentId: subjectOf(body['access_token']),
        }
        this.#emit({ type: 'token', scope: token.scope, at: this.#now() })
        return token
      }
      const now = this.#now()
      const waitMs = serverWaitMs(response.headers, now)
      const error = new OAuthTokenError(
        response.status,
        typeof body['error'] === 'string' ? body['error'] : 'invalid_response',
        typeof body['error_description'] === 'string' ? body['error_description'] : undefined,
        waitMs === undefined ? undefined : Math.ceil(waitMs / 1000),
      )
      if (!RETRYABLE_STATUS.has(response.status) || attempt >= this.#retry.maxRetries || (waitMs ?? 0) > this.#retry.maxDelayMs) throw error
      const delay = retryDelayMs(attempt, waitMs, this.#retry, this.#random)
      this.#emit({ type: 'wait', ms: delay, reason: 'retry', at: now })
      await this.#sleep(delay)
    }
  }
}

const opt = (retryAfterSeconds: number | undefined) => (retryAfterSeconds === undefined ? {} : { retryAfterSeconds })

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = { status: response.status, title: response.statusText || 'request refused' }
  try {
    const body = (await response.json()) as unknown
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...(body as object), status: response.status } : fallback
  } catch {
    return fallback
  }
}
