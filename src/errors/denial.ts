/** @module Denials as data: a stable code plus a server-side reason that never reaches the wire. */
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { Unavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../clients/deadline'
import { DENIAL_CODES, type DenialCode } from './codes'

export type Denial = {
  readonly code: DenialCode
  /** Server-side only (jose err.code, rule ids, guard reason). Logged, never rendered. */
  readonly reason: string
  readonly retryAfterSeconds?: number
  /** Extra wire-safe members (e.g. schema pointers). Never values from the request. */
  readonly extensions?: Readonly<Record<string, unknown>>
}

export class DenialError extends HTTPException {
  readonly denial: Denial
  constructor(denial: Denial) {
    super(DENIAL_CODES[denial.code].status as ContentfulStatusCode, { message: denial.code })
    this.name = 'DenialError'
    this.denial = denial
  }
}

export function deny(code: DenialCode, reason: string, init: Omit<Denial, 'code' | 'reason'> = {}): DenialError {
  return new DenialError({ code, reason, ...init })
}

/**
 * The denial an error stands for: a thrown denial as it is; an unreachable Durable Object that no
 * caller mapped (clients/deadline.ts) as 503 GUARD_UNAVAILABLE; anything else as INTERNAL (its
 * name only: messages may carry request data).
 */
export function denialOf(error: unknown): Denial {
  if (error instanceof DenialError) return error.denial
  if (error instanceof Unavailable) return { code: 'GUARD_UNAVAILABLE', reason: error.reason, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS }
  return { code: 'INTERNAL', reason: error instanceof Error ? error.name : 'unknown' }
}
