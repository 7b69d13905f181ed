/**
 * @module Path and query parameters checked against a route's schemas (from OpenAPI, or written
 * by hand). Pure. Values arrive as strings; each is decoded as its declared type says (numbers,
 * booleans, arrays in the declared serialisation) before validation, so `?per_page=abc` fails
 * `type: integer` instead of passing as a string. Undeclared query parameters are refused
 * (the schema is closed), like undeclared body properties.
 */
import { schemaFor, type SchemaViolation } from './schema'

export type ParamType = {
  readonly type: 'string' | 'integer' | 'number' | 'boolean'
  /** Arrays: `multi` (repeated key) or the delimiter of a single value. */
  readonly array?: 'multi' | ',' | ' ' | '|'
}
export type ParamSpec = { readonly schema: Record<string, unknown>; readonly types: Readonly<Record<string, ParamType>> }

function scalar(v: string, t: ParamType['type']): unknown {
  if (t === 'integer') return /^-?(0|[1-9][0-9]{0,15})$/.test(v) ? Number(v) : v
  if (t === 'number') return /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(v) ? Number(v) : v
  if (t === 'boolean') return v === 'true' ? true : v === 'false' ? false : v
  return v
}

/** The values as the schema sees them: one entry per name, repeated keys kept (and refused) unless the type is an exploded array. */
export function decodeParams(spec: ParamSpec, values: ReadonlyMap<string, readonly string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, list] of values) {
    const t = spec.types[name]
    if (!t) out[name] = list.length === 1 ? list[0] : [...list]
    else if (t.array === 'multi') out[name] = list.map((v) => scalar(v, t.type))
    else if (t.array) out[name] = list.length === 1 ? list[0]!.split(t.array).map((v) => scalar(v, t.type)) : [...list]
    else out[name] = list.length === 1 ? scalar(list[0]!, t.type) : [...list]
  }
  return out
}

export function queryValues(search: URLSearchParams): Map<string, string[]> {
  const m = new Map<string, string[]>()
  for (const [k, v] of search) m.set(k, [...(m.get(k) ?? []), v])
  return m
}

/** Violations of the route's path and query schemas, pointers prefixed /path and /query. */
export function checkParams(
  route: { readonly query?: ParamSpec | undefined; readonly params?: ParamSpec | undefined },
  pathParams: Readonly<Record<string, string>>,
  search: URLSearchParams,
): SchemaViolation[] {
  const errors: SchemaViolation[] = []
  const run = (spec: ParamSpec | undefined, prefix: string, values: ReadonlyMap<string, readonly string[]>) => {
    if (!spec) return
    const check = schemaFor(spec.schema, false)(decodeParams(spec, values))
    if (!check.ok) errors.push(...check.errors.map((e) => ({ pointer: prefix + e.pointer, keyword: e.keyword })))
  }
  run(route.params, '/path', new Map(Object.entries(pathParams).map(([k, v]) => [k, [v]])))
  run(route.query, '/query', queryValues(search))
  return errors
}
