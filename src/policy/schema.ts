/**
 * @module Strict JSON Schema (draft 2020-12) validation with @cfworker/json-schema (no eval, so it
 * runs in Workers where ajv cannot). Pure.
 *
 * Object schemas are closed by default: `additionalProperties: false` is added wherever a schema
 * describes an object and does not say otherwise (mass-assignment defence). Violations report
 * JSON pointers and keywords only, never the offending value.
 */
import { Validator } from '@cfworker/json-schema'

export type SchemaViolation = { readonly pointer: string; readonly keyword: string }
export type SchemaCheck = { readonly ok: true } | { readonly ok: false; readonly errors: readonly SchemaViolation[] }
export type CompiledSchema = (value: unknown) => SchemaCheck

/** Errors that only say "a child failed"; the child's own error is the useful one. */
const CONTAINER_KEYWORDS = new Set(['properties', 'items', 'prefixItems', 'allOf', '$ref', 'dependentSchemas', 'unevaluatedProperties', 'contains'])
const MAX_ERRORS = 20
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems']
const SUBSCHEMA_SINGLE = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems']

function isObjectSchema(s: Record<string, unknown>): boolean {
  return s['type'] === 'object' || (Array.isArray(s['type']) && s['type'].includes('object')) || 'properties' in s || 'required' in s
}

/** Returns a copy in which every object schema without `additionalProperties` is closed. */
export function closeObjects(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema
  const s: Record<string, unknown> = { ...(schema as Record<string, unknown>) }
  for (const key of SUBSCHEMA_MAPS) {
    const map = s[key]
    if (map && typeof map === 'object') s[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, closeObjects(v)]))
  }
  for (const key of SUBSCHEMA_LISTS) if (Array.isArray(s[key])) s[key] = (s[key] as unknown[]).map(closeObjects)
  for (const key of SUBSCHEMA_SINGLE) if (key in s) s[key] = closeObjects(s[key])
  // Composition keywords merge object shapes; closing there would reject valid unions, so only
  // plain object schemas are closed, and unevaluatedProperties is left to authors who use it.
  if (isObjectSchema(s) && !('additionalProperties' in s) && !('unevaluatedProperties' in s) && !('allOf' in s)) s['additionalProperties'] = false
  return s
}

/** Key names come from the request: plain ones are kept, anything else is masked as `*`. */
const PLAIN_SEGMENT = /^[A-Za-z0-9_.-]{1,64}$/

function pointer(instanceLocation: string): string {
  const segments = instanceLocation.replace(/^#/, '').split('/').slice(1, 17)
  return segments.map((seg) => '/' + (PLAIN_SEGMENT.test(seg) ? seg : '*')).join('')
}

/** `close`: false for schemas already closed where they describe values (imported from OpenAPI, src/openapi/schema.ts). */
export function compileSchema(schema: Record<string, unknown>, close = true): CompiledSchema {
  const validator = new Validator((close ? closeObjects(schema) : schema) as Record<string, unknown>, '2020-12', false)
  return (value) => {
    const result = validator.validate(value)
    if (result.valid) return { ok: true }
    const seen = new Set<string>()
    const errors: SchemaViolation[] = []
    // cfworker reports an unknown key as `additionalProperties` on the parent followed by a
    // `false` (boolean schema) error on the key itself: report the key's pointer instead.
    let closedParent: string | undefined
    for (const e of result.errors) {
      if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
        closedParent = e.instanceLocation
        continue
      }
      if (CONTAINER_KEYWORDS.has(e.keyword)) continue
      const keyword = e.keyword === 'false' && closedParent !== undefined && e.instanceLocation.startsWith(closedParent) ? 'additionalProperties' : e.keyword
      const v = { pointer: pointer(e.instanceLocation), keyword }
      const key = `${v.pointer}|${v.keyword}`
      if (seen.has(key)) continue
      seen.add(key)
      errors.push(v)
      if (errors.length >= MAX_ERRORS) break
    }
    return { ok: false, errors }
  }
}

const compiled = new WeakMap<object, CompiledSchema>()

/** Compiles each configured schema once per isolate (config objects live as long as the isolate). */
export function schemaFor(schema: Record<string, unknown>, close = true): CompiledSchema {
  let fn = compiled.get(schema)
  if (!fn) {
    fn = compileSchema(schema, close)
    compiled.set(schema, fn)
  }
  return fn
}
