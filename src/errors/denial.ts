/** @module Denials as data: a stable code plus a server-side reason that never reaches the wire. */
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
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
