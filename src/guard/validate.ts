/**
 * @module Checks on what crosses the RPC boundary into the guard. Pure.
 *
 * The Worker is trusted but its configuration may not be: a negative or fractional cost would
 * refund or corrupt quota, so a bad call throws (naming the field) and the Worker fails closed.
 * Hand-written rather than zod because evaluate() runs on every request.
 */
import type { BlockCommand } from './admin'
import { assertMcpInput } from './mcp-limits'
import type { EvaluateInput, RecordsInput } from './protocol'
import { assertBudgets } from './records'
import type { RevokeCommand } from './revocation'

const MAX_ID_LENGTH = 512
const MAX_REASON_LENGTH = 500

function fail(field: string, expected: string): never {
  throw new TypeError(`AgentGuard: ${field} must be ${expected}`)
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isLimit = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH

export function assertEvaluateInput(input: EvaluateInput): void {
  if (typeof input !== 'object' || input === null) fail('input', 'an object')
  if (!isCount(input.cost)) fail('input.cost', 'a non-negative integer')
  const { token, limits } = input
  if (typeof token !== 'object' || token === null) fail('input.token', 'an object')
  if (!isId(token.jti)) fail('input.token.jti', `a non-empty string of at most ${MAX_ID_LENGTH} chars`)
  if (!isTime(token.iat)) fail('input.token.iat', 'a number (epoch seconds)')
  if (!isTime(token.exp)) fail('input.token.exp', 'a number (epoch seconds)')
  if (typeof limits !== 'object' || limits === null) fail('input.limits', 'an object')
  if (typeof limits.tier !== 'string') fail('input.limits.tier', 'a string')
  for (const key of ['burst', 'rpm', 'daily', 'costPerMinute'] as const) {
    if (!isLimit(limits[key])) fail(`input.limits.${key}`, 'a finite non-negative number')
  }
  if (limits.costPerDay !== undefined && !isLimit(limits.costPerDay)) {
    fail('input.limits.costPerDay', 'a finite non-negative number or absent')
  }
  if (input.mcp !== undefined) assertMcpInput(input.mcp)
  if (input.records !== undefined) assertBudgets(input.records, 'input.records', false)
}

export function assertRecordsInput(input: RecordsInput): void {
  if (typeof input !== 'object' || input === null) fail('records input', 'an object')
  if (!isId(input.requestId)) fail('requestId', `a non-empty string of at most ${MAX_ID_LENGTH} chars`)
  if (typeof input.strict !== 'boolean') fail('strict', 'a boolean')
  assertBudgets(input.charges, 'charges', true)
}

export function assertBlockCommand(command: BlockCommand): void {
  if (typeof command !== 'object' || command === null) fail('block command', 'an object')
  if (command.until !== null && !isTime(command.until)) fail('until', 'epoch ms or null')
  if (typeof command.reason !== 'string' || command.reason.length > MAX_REASON_LENGTH) {
    fail('reason', `a string of at most ${MAX_REASON_LENGTH} chars`)
  }
}

export function assertRevokeCommand(command: RevokeCommand): void {
  if (typeof command !== 'object' || command === null) fail('revoke command', 'an object')
  if ('before' in command) {
    if (!isTime(command.before)) fail('before', 'a number (epoch seconds)')
    return
  }
  if (!isId(command.jti)) fail('jti', `a non-empty string of at most ${MAX_ID_LENGTH} chars`)
  if (!isTime(command.exp)) fail('exp', 'a number (epoch seconds)')
}
