/**
 * @module Strict JSON Schema validation of tools/call arguments. Pure.
 *
 * Delegates to the REST routes' validator (src/policy/schema.ts: @cfworker/json-schema, no eval,
 * objects closed with `additionalProperties: false` unless the schema says otherwise, pointer-only
 * errors), so one rule set governs every body Tollgate admits. MCP adds one rule: `arguments`
 * must be an object, and absent arguments count as `{}` (the MCP schema allows omitting them).
 */
import type { Schema } from '@cfworker/json-schema'
import { schemaFor, type SchemaViolation } from '../policy/schema'

export type ArgError = SchemaViolation
export type ArgCheck = { readonly ok: true } | { readonly ok: false; readonly errors: readonly ArgError[] }

export function checkArguments(schema: Schema | undefined, args: unknown): ArgCheck {
  const value = args === undefined ? {} : args
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, errors: [{ pointer: '', keyword: 'type' }] }
  if (schema === undefined) return { ok: true }
  const check = schemaFor(schema as Record<string, unknown>)(value)
  return check.ok ? check : { ok: false, errors: check.errors.length > 0 ? check.errors : [{ pointer: '', keyword: 'schema' }] }
}
