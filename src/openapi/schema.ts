/**
 * @module OpenAPI Schema Objects → self-contained JSON Schema 2020-12 documents for route
 * validation. Pure; used by the importer at build time, never on the request path.
 *
 * - `$ref`s (local `#/…` or into other loaded documents) become `#/$defs/<name>` with only the
 *   definitions a schema reaches attached, so a large spec is not inlined over and over.
 * - OpenAPI 3.0 dialect is translated: `nullable`, boolean `exclusiveMinimum/Maximum`, annotation
 *   keywords dropped, `readOnly` properties not required in requests (OAS 3.0.3 §4.7.24).
 * - Objects are closed where a value is described (mass-assignment defence, as for hand-written
 *   routes), but composition members and shared definitions stay open and the use site closes them
 *   with `unevaluatedProperties: false`, which sees through `allOf` and `$ref` (2020-12 §11.3):
 *   closing each `allOf` member would reject every valid instance.
 */

export type Issue = { readonly level: 'error' | 'warning'; readonly pointer: string; readonly message: string }
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** Resolves a `$ref` (relative to the document at `base`) to its target and a canonical id. */
export type RefResolver = (ref: string, base: string) => { readonly id: string; readonly doc: string; readonly pointer: string; readonly value: Json } | undefined

import { format as FORMATS } from '@cfworker/json-schema'

const ANNOTATIONS = ['example', 'xml', 'externalDocs', 'discriminator', 'deprecated']
const UNSUPPORTED = ['$dynamicRef', '$dynamicAnchor', '$recursiveRef', '$recursiveAnchor', '$id', '$anchor']
const MAPS = ['properties', 'patternProperties', 'dependentSchemas']
const SINGLES = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems']
const LISTS = ['prefixItems']
const COMPOSITIONS = ['allOf', 'anyOf', 'oneOf']

export type Obj = { [k: string]: Json }
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
/** RFC 6901 escaping of one JSON pointer segment. */
export const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

export class SchemaCompiler {
  /** Canonical ref id → converted definition, shared by every route of one import. */
  readonly defs = new Map<string, Json>()
  readonly #names = new Map<string, string>()
  readonly #deps = new Map<string, Set<string>>()
  readonly #resolve: RefResolver
  readonly #dialect30: boolean
  readonly issues: Issue[] = []
  /** Definitions whose conversion raised an error; reaching one makes a schema unfaithful. */
  readonly #broken = new Set<string>()
  /** Set by compile() when the schema reached a broken definition (reset by the caller). */
  reachedBroken = false

  constructor(resolve: RefResolver, openapiVersion: string) {
    this.#resolve = resolve
    this.#dialect30 = openapiVersion.startsWith('3.0')
  }

  /** A standalone, closed schema for one value (a body), with its definitions. */
  compile(schema: Json, doc: string, pointer: string): Json {
    const used = new Set<string>()
    const root = this.part(schema, doc, pointer, used)
    const defs = this.defsFor(used)
    return defs && isObj(root) ? { ...root, $defs: defs } : root
  }

  /** A closed subschema whose `$ref`s (collected in `used`) point at a root's `$defs`: see defsFor. */
  part(schema: Json, doc: string, pointer: string, used: Set<string>): Json {
    return this.#convert(schema, doc, pointer, true, used)
  }

  /** The `$defs` a root needs for the refs in `used` (transitively), or undefined when none. */
  defsFor(used: Set<string>): Obj | undefined {
    const all = new Set<string>()
    const visit = (id: string) => {
      if (all.has(id)) return
      all.add(id)
      for (const d of this.#deps.get(id) ?? []) visit(d)
    }
    used.forEach(visit)
    if ([...all].some((id) => this.#broken.has(id))) this.reachedBroken = true
    if (all.size === 0) return undefined
    return Object.fromEntries([...all].sort().map((id) => [this.#names.get(id)!, this.defs.get(id)!]))
  }

  #name(id: string): string {
    let name = this.#names.get(id)
    if (!name) {
      const base = (id.split('/').pop() ?? 'def').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80) || 'def'
      name = base
      for (let i = 2; [...this.#names.values()].includes(name); i++) name = `${base}_${i}`
      this.#names.set(id, name)
    }
    return name
  }

  #ref(ref: string, doc: string, pointer: string, used: Set<string>): Json {
    const target = this.#resolve(ref, doc)
    if (!target) {
      this.issues.push({ level: 'error', pointer, message: `unresolvable $ref ${ref}` })
      return false
    }
    used.add(target.id)
    const name = this.#name(target.id)
    if (!this.defs.has(target.id)) {
      this.defs.set(target.id, true) // placeholder: breaks cycles while converting
      const deps = new Set<string>()
      const errors = this.issues.length
      this.defs.set(target.id, this.#convert(target.value, target.doc, target.pointer, false, deps))
      this.#deps.set(target.id, deps)
      if (this.issues.slice(errors).some((i) => i.level === 'error')) this.#broken.add(target.id)
    }
    return { $ref: `#/$defs/${name}` }
  }

  /** `value`: describes a value (close it); false for composition members and definitions. */
  #convert(s: Json, doc: string, pointer: string, value: boolean, used: Set<string>): Json {
    if (typeof s === 'boolean') return s
    if (!isObj(s)) {
      this.issues.push({ level: 'error', pointer, message: 'a schema must be an object or a boolean' })
      return false
    }
    const out: Obj = {}
    for (const [k, v] of Object.entries(s)) {
      const at = `${pointer}/${esc(k)}`
      if (ANNOTATIONS.includes(k) || k.startsWith('x-')) continue
      if (UNSUPPORTED.includes(k)) {
        this.issues.push({ level: 'error', pointer: at, message: `${k} is not supported` })
        continue
      }
      if (k === '$ref' && typeof v === 'string') Object.assign(out, this.#ref(v, doc, at, used))
      else if (MAPS.includes(k) && isObj(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, sub]) => [p, this.#convert(sub, doc, `${at}/${esc(p)}`, true, used)]))
      else if ((SINGLES.includes(k) || k === 'items') && (isObj(v) || typeof v === 'boolean')) out[k] = this.#convert(v, doc, at, true, used)
      else if (LISTS.includes(k) && Array.isArray(v)) out[k] = v.map((sub, i) => this.#convert(sub, doc, `${at}/${i}`, true, used))
      else if (COMPOSITIONS.includes(k) && Array.isArray(v)) out[k] = v.map((sub, i) => this.#convert(sub, doc, `${at}/${i}`, false, used))
      else if (k === '$defs' || k === 'definitions') continue
      // OpenAPI formats (int32, int64, binary, password, vendor ones) are annotations the validator
      // cannot check; only the formats it asserts are kept (the rest of the schema still applies).
      else if (k === 'format' && (typeof v !== 'string' || !Object.hasOwn(FORMATS, v))) continue
      else out[k] = v
    }
    if (this.#dialect30) this.#from30(out)
    if (Array.isArray(out['required']) && isObj(out['properties'])) {
      const props = out['properties']
      out['required'] = out['required'].filter((r) => !(isObj(props[String(r)]) && (props[String(r)] as Obj)['readOnly'] === true))
    }
    if (value && !('additionalProperties' in out) && !('unevaluatedProperties' in out)) {
      const composed = '$ref' in out || COMPOSITIONS.some((c) => c in out)
      const object = out['type'] === 'object' || (Array.isArray(out['type']) && out['type'].includes('object')) || 'properties' in out
      if (composed) out['unevaluatedProperties'] = false
      else if (object) out['additionalProperties'] = false
    }
    return out
  }

  /** OAS 3.0 → 2020-12: nullable, boolean exclusive bounds. */
  #from30(out: Obj): void {
    if (out['nullable'] === true) {
      if (typeof out['type'] === 'string') out['type'] = [out['type'], 'null']
      else if (Array.isArray(out['enum'])) out['enum'] = [...out['enum'], null]
    }
    delete out['nullable']
    for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
      if (out[flag] === true && typeof out[bound] === 'number') {
        out[flag] = out[bound]
        delete out[bound]
      } else if (typeof out[flag] === 'boolean') delete out[flag]
    }
  }
}
