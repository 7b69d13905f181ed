/**
 * @module Strict JSON Schema validation of tools/call arguments (@cfworker/json-schema, no eval). Pure.
 *
 * Strict means unknown fields are rejected: every object schema that does not say otherwise gets
 * `additionalProperties: false` (the seed's "over-broad tool" lesson: an extra field is how an
 * agent smuggles an instruction past a well-meaning handler). Errors carry JSON pointers and
 * keywords only, never values or the validator's prose, which quotes the input.
 */
import { Validator, type Schema } from '@cfworker/json-schema'

export type ArgError = { readonly pointer: string; readonly keyword: string }
export type ArgCheck = { readonly ok: true } | { readonly ok: false; readonly errors: readonly ArgError[] }

const MAX_ERRORS = 10
/** Keywords that only say "a child failed"; the child's own error is the useful one. */
const WRAPPERS = new Set(['properties', 'items', 'prefixItems', 'allOf', 'false', '$ref', 'patternProperties', 'dependentSchemas'])
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const
const SCHEMA_ONES = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'] as const

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A copy of `schema` where every object-typed subschema without `additionalProperties` (or
 * `unevaluatedProperties`) gets `additionalProperties: false`. Schemas combined with allOf/anyOf
 * are left to say so themselves, since closing each branch would reject valid documents.
 */
export function strictSchema(schema: unknown, combined = false): unknown {
  if (!isObject(schema)) return schema
  const out: Record<string, unknown> = { ...schema }
  for (const key of SCHEMA_MAPS) {
    const map = out[key]
    if (isObject(map)) out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, strictSchema(v)]))
  }
  for (const key of SCHEMA_LISTS) {
    const arr = out[key]
    if (Array.isArray(arr)) out[key] = arr.map((v) => strictSchema(v, key !== 'prefixItems'))
  }
  for (const key of SCHEMA_ONES) {
    if (isObject(out[key])) out[key] = strictSchema(out[key])
  }
  const isObjectType = out['type'] === 'object' || (Array.isArray(out['type']) && out['type'].includes('object')) || isObject(out['properties'])
  const hasCombinators = SCHEMA_LISTS.some((k) => k !== 'prefixItems' && Array.isArray(out[k]))
  if (isObjectType && !combined && !hasCombinators && !('additionalProperties' in out) && !('unevaluatedProperties' in out)) {
    out['additionalProperties'] = false
  }
  return out
}

const compiled = new WeakMap<object, Validator>()

function validatorFor(schema: Schema): Validator {
  let v = compiled.get(schema)
  if (!v) {
    v = new Validator(strictSchema(schema) as Schema, '2020-12', false)
    compiled.set(schema, v)
  }
  return v
}

/** `#/a/b` (the validator's form) → `/a/b` (RFC 6901), bounded so a long key cannot bloat the answer. */
function pointer(instanceLocation: string): string {
  const p = instanceLocation.startsWith('#') ? instanceLocation.slice(1) : instanceLocation
  return p.length > 128 ? `${p.slice(0, 125)}...` : p
}

/** Validates `args` (absent arguments count as `{}`, as the MCP schema allows). */
export function checkArguments(schema: Schema | undefined, args: unknown): ArgCheck {
  const value = args === undefined ? {} : args
  if (!isObject(value)) return { ok: false, errors: [{ pointer: '', keyword: 'type' }] }
  if (schema === undefined) return { ok: true }
  const result = validatorFor(schema).validate(value)
  if (result.valid) return { ok: true }
  const errors: ArgError[] = []
  const seen = new Set<string>()
  for (const e of result.errors) {
    if (WRAPPERS.has(e.keyword)) continue
    // An unknown property is reported at its parent (the validator does so); its 'false' child
    // error, which would name the key (the agent's input), is a wrapper and skipped.
    const at = pointer(e.instanceLocation)
    const key = `${at} ${e.keyword}`
    if (seen.has(key)) continue
    seen.add(key)
    errors.push({ pointer: at, keyword: e.keyword })
    if (errors.length >= MAX_ERRORS) break
  }
  return { ok: false, errors: errors.length > 0 ? errors : [{ pointer: '', keyword: 'schema' }] }
}
