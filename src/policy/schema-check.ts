/**
 * @module Checks a configured JSON Schema (draft 2020-12) at load, so a schema that cannot work fails
 * closed naming itself instead of refusing or passing every request later. Pure.
 *
 * `@cfworker/json-schema` compiles lazily: a bad `pattern`, an unresolvable `$ref` or a keyword of
 * the wrong type surfaces only when a request reaches it, and an unknown `format` or an unsupported
 * keyword is silently ignored (so it validates nothing). This walks every subschema once and names
 * the first problem by JSON pointer. Unknown keywords stay allowed: JSON Schema treats them as
 * annotations (OpenAPI's `example`, `x-…`).
 */
import { format as FORMATS } from '@cfworker/json-schema'

const TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'string', 'integer'])
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems']
const SCHEMA_ONE = ['items', 'additionalItems', 'additionalProperties', 'unevaluatedItems', 'unevaluatedProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']
const NUMBERS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']
const COUNTS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minContains', 'maxContains']
/** 2020-12 keywords the validator does not implement: a schema relying on them would validate nothing. */
const UNSUPPORTED = ['$dynamicRef', '$dynamicAnchor', '$vocabulary']

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1')

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u')
    return true
  } catch {
    return false
  }
}

/** RFC 6901 pointer (from a `#/…` fragment) into the root schema. */
function resolves(root: unknown, ref: string, anchors: ReadonlySet<string>): boolean {
  if (ref === '#') return true
  if (/^#[A-Za-z_][-A-Za-z0-9._]*$/.test(ref)) return anchors.has(ref.slice(1))
  if (!ref.startsWith('#/')) return false
  let node: unknown = root
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)]
    else if (isObj(node) && Object.hasOwn(node, key)) node = node[key]
    else return false
  }
  return typeof node === 'boolean' || isObj(node)
}

function anchorsOf(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) anchorsOf(s, out)
  else if (isObj(schema)) {
    if (typeof schema['$anchor'] === 'string') out.add(schema['$anchor'])
    for (const v of Object.values(schema)) anchorsOf(v, out)
  }
  return out
}

/** The first problem as "<pointer>: <what is expected>", or undefined when the schema is usable. */
export function checkSchema(schema: unknown): string | undefined {
  const anchors = anchorsOf(schema)
  const stack: Array<{ s: unknown; at: string }> = [{ s: schema, at: '' }]
  while (stack.length > 0) {
    const { s, at } = stack.pop()!
    const here = (k: string) => `${at}/${esc(k)}`
    if (typeof s === 'boolean') continue
    if (!isObj(s)) return `${at || '/'}: a schema (an object or a boolean)`
    for (const k of UNSUPPORTED) if (k in s) return `${here(k)}: not supported by the validator (use $ref and $defs)`
    const type = s['type']
    if (type !== undefined && !(typeof type === 'string' ? TYPES.has(type) : Array.isArray(type) && type.length > 0 && type.every((t) => TYPES.has(t)) && new Set(type).size === type.length)) {
      return `${here('type')}: one of ${[...TYPES].join(', ')}, or a list of them`
    }
    if (s['pattern'] !== undefined && (typeof s['pattern'] !== 'string' || !compiles(s['pattern']))) return `${here('pattern')}: a regular expression that compiles (ECMA-262, u flag)`
    if (s['format'] !== undefined && (typeof s['format'] !== 'string' || !Object.hasOwn(FORMATS, s['format']))) return `${here('format')}: one of ${Object.keys(FORMATS).join(', ')}`
    if (s['$ref'] !== undefined && (typeof s['$ref'] !== 'string' || !resolves(schema, s['$ref'], anchors))) return `${here('$ref')}: a reference inside this schema ("#/$defs/name" or "#anchor")`
    if (s['required'] !== undefined && !(Array.isArray(s['required']) && s['required'].every((r) => typeof r === 'string'))) return `${here('required')}: a list of property names`
    if (s['enum'] !== undefined && !Array.isArray(s['enum'])) return `${here('enum')}: a list of values`
    if (s['multipleOf'] !== undefined && !(typeof s['multipleOf'] === 'number' && s['multipleOf'] > 0)) return `${here('multipleOf')}: a number above 0`
    if (s['uniqueItems'] !== undefined && typeof s['uniqueItems'] !== 'boolean') return `${here('uniqueItems')}: true or false`
    for (const k of NUMBERS) if (s[k] !== undefined && !(typeof s[k] === 'number' && Number.isFinite(s[k]))) return `${here(k)}: a number`
    for (const k of COUNTS) if (s[k] !== undefined && !isCount(s[k])) return `${here(k)}: a non-negative integer`
    if (s['dependentRequired'] !== undefined && !(isObj(s['dependentRequired']) && Object.values(s['dependentRequired']).every((v) => Array.isArray(v) && v.every((r) => typeof r === 'string')))) {
      return `${here('dependentRequired')}: an object of property-name lists`
    }
    for (const k of SCHEMA_MAPS) {
      if (s[k] === undefined) continue
      if (!isObj(s[k])) return `${here(k)}: an object of schemas`
      for (const [name, sub] of Object.entries(s[k] as Obj)) {
        if (k === 'patternProperties' && !compiles(name)) return `${here(k)}/${esc(name)}: a property-name pattern that compiles`
        stack.push({ s: sub, at: `${here(k)}/${esc(name)}` })
      }
    }
    for (const k of SCHEMA_LISTS) {
      if (s[k] === undefined) continue
      if (!Array.isArray(s[k]) || (s[k] as unknown[]).length === 0) return `${here(k)}: a non-empty list of schemas`
      ;(s[k] as unknown[]).forEach((sub, i) => stack.push({ s: sub, at: `${here(k)}/${i}` }))
    }
    for (const k of SCHEMA_ONE) if (s[k] !== undefined) stack.push({ s: s[k], at: here(k) })
  }
  return undefined
}
