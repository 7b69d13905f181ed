/**
 * @module Typed errors for agent builders: a Tollgate denial (RFC 9457 problem+json with a stable
 * `code`) and a token-endpoint refusal (RFC 6749 §5.2). Switch on `code` / `error`, never on text.
 */
import type { DenialCode } from '../errors/codes.js'

/** A stable Tollgate code (docs/error-codes.md); other strings for codes added after this build. */
export type TollgateErrorCode = DenialCode | (string & {})

export type Problem = {
  readonly type?: string
  readonly title?: string
  readonly status: number
  readonly detail?: string
  readonly code?: string
  readonly request_id?: string
  readonly [member: string]: unknown
}

/** A request Tollgate refused (or a problem+json answer from the origin). */
export class TollgateError extends Error {
  override readonly name: string = 'TollgateError'
  readonly status: number
  readonly code: TollgateErrorCode
  readonly problem: Problem
  readonly requestId: string | undefined
  /** What the server asked us to wait, when it did (Retry-After / RateLimit). */
  readonly retryAfterSeconds: number | undefined
  /** Requests sent for this call, retries included (not the one retried with a fresh token after TOKEN_EXPIRED); 0 when the client refused locally (paused). */
  readonly attempts: number

  constructor(problem: Problem, init: { retryAfterSeconds?: number; attempts: number }) {
    super(`${problem.status} ${problem.code ?? 'UNKNOWN'}: ${problem.title ?? 'request refused'}`)
    this.status = problem.status
    this.code = problem.code ?? 'UNKNOWN'
    this.problem = problem
    this.requestId = problem.request_id
    this.retryAfterSeconds = init.retryAfterSeconds
    this.attempts = init.attempts
  }
}

/** 429 or 503 that retries did not get past, or a wait longer than the client's maxDelayMs. */
export class TollgateRateLimitError extends TollgateError {
  override readonly name = 'TollgateRateLimitError'
}

/** The token endpoint refused: `error` is the RFC 6749 §5.2 code (invalid_client, invalid_scope, …). */
export class OAuthTokenError extends Error {
  override readonly name = 'OAuthTokenError'
  readonly status: number
  readonly error: string
  readonly description: string | undefined
  readonly retryAfterSeconds: number | undefined

  constructor(status: number, error: string, description?: string, retryAfterSeconds?: number) {
    super(`token request failed: ${status} ${error}${description ? ` (${description})` : ''}`)
    this.status = status
    this.error = error
    this.description = description
    this.retryAfterSeconds = retryAfterSeconds
  }
}

export const isTollgateError = (e: unknown, code?: TollgateErrorCode): e is TollgateError =>
  e instanceof TollgateError && (code === undefined || e.code === code)
