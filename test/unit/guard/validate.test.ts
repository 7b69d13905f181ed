/** @module RPC input checks: a bad call throws a TypeError naming the field (the Worker fails closed). */
import { describe, expect, it } from 'vitest'
import type { EvaluateInput } from '../../../src/guard/protocol'
import { assertBlockCommand, assertEvaluateInput, assertRevokeCommand } from '../../../src/guard/validate'
import { input } from './fixtures'

describe('assertEvaluateInput', () => {
  it('accepts a well-formed input', () => {
    expect(() => assertEvaluateInput(input())).not.toThrow()
    expect(() => assertEvaluateInput(input({ limits: { costPerDay: 10 } }))).not.toThrow()
  })

  it.each([
    { field: 'input.cost', bad: input({ cost: -1 }) },
    { field: 'input.cost', bad: input({ cost: 1.5 }) },
    { field: 'input.cost', bad: input({ cost: Number.NaN }) },
    { field: 'input.token.jti', bad: input({ token: { jti: '' } }) },
    { field: 'input.token.iat', bad: input({ token: { iat: Number.NaN } }) },
    { field: 'input.limits.rpm', bad: input({ limits: { rpm: -5 } }) },
    { field: 'input.limits.burst', bad: input({ limits: { burst: Number.POSITIVE_INFINITY } }) },
    { field: 'input.limits.costPerDay', bad: input({ limits: { costPerDay: -1 } }) },
    { field: 'input.limits', bad: { ...input(), limits: null } as unknown as EvaluateInput },
  ])('rejects a bad $field', ({ field, bad }) => {
    expect(() => assertEvaluateInput(bad)).toThrow(new TypeError(`AgentGuard: ${field} must be`).message)
  })
})

describe('admin commands', () => {
  it.each([
    { ok: true, cmd: { until: null, reason: 'x' } },
    { ok: true, cmd: { until: 1, reason: '' } },
    { ok: false, cmd: { until: Number.NaN, reason: 'x' } },
    { ok: false, cmd: { until: null, reason: 'x'.repeat(501) } },
  ])('block $cmd.until → ok=$ok', ({ ok, cmd }) => {
    if (ok) expect(() => assertBlockCommand(cmd)).not.toThrow()
    else expect(() => assertBlockCommand(cmd)).toThrow(TypeError)
  })

  it('block rejects a non-numeric until', () => {
    expect(() => assertBlockCommand({ until: '1' as unknown as number, reason: 'x' })).toThrow(TypeError)
  })

  it('revoke checks either form', () => {
    expect(() => assertRevokeCommand({ jti: 'a', exp: 1 })).not.toThrow()
    expect(() => assertRevokeCommand({ before: 1 })).not.toThrow()
    expect(() => assertRevokeCommand({ jti: '', exp: 1 })).toThrow(/jti/)
    expect(() => assertRevokeCommand({ jti: 'a', exp: Number.NaN })).toThrow(/exp/)
    expect(() => assertRevokeCommand({ before: Number.NaN })).toThrow(/before/)
  })
})
