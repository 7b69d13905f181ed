/**
 * @module Parameter Objects (path and query) → the ParamSpec a route carries: one closed object
 * schema per location plus how each value is decoded from the wire before validation. Pure.
 *
 * Supported serialisations (OAS §4.8.12.4): query `form` (exploded or comma), `spaceDelimited`,
 * `pipeDelimited`; path `simple`. `deepObject`, `label`, `matrix`, object-valued and
 * `content`-described parameters are errors by pointer; header and cookie parameters are
 * warnings (not enforced).
 */
import type { ParamSpec, ParamType } from '../policy/params'
import { isObj, type Issue, type Json, type Obj, type SchemaCompiler } from './schema'

export type { ParamSpec }

const SCALARS = ['string', 'integer', 'number', 'boolean'] as const

type Input = {
  item: Obj
  op: Obj
  pointer: string
  itemPointer: string
  template: string
  compiler: SchemaCompiler
  deref: (v: Json, pointer: string) => Json
  issues: Issue[]
  doc: string
}

function scalarOf(schema: Json): ParamType['type'] {
  const t = isObj(schema) ? schema['type'] : undefined
  const one = Array.isArray(t) ? t.find((x) => x !== 'null') : t
  return (SCALARS as readonly unknown[]).includes(one) ? (one as ParamType['type']) : 'string'
}

export function paramSpecs(x: Input): { query?: ParamSpec; path?: ParamSpec } {
  const merged = new Map<string, { p: Obj; pointer: string }>()
  for (const [list, base] of [[x.item['parameters'], x.itemPointer], [x.op['parameters'], x.pointer]] as const) {
    if (!Array.isArray(list)) continue
    list.forEach((raw, i) => {
      const pointer = `${base}/parameters/${i}`
      const p = x.deref(raw, pointer)
      if (isObj(p) && typeof p['name'] === 'string' && typeof p['in'] === 'string') merged.set(`${p['in']}:${p['name']}`, { p, pointer })
    })
  }
  const specs: { query?: ParamSpec; path?: ParamSpec } = {}
  const templateNames = new Set(x.template.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1)))
  for (const where of ['query', 'path'] as const) {
    const used = new Set<string>()
    const properties: Obj = {}
    const required: string[] = []
    const types: Record<string, ParamType> = {}
    for (const { p, pointer } of merged.values()) {
      if (p['in'] !== where) continue
      const name = String(p['name'])
      if (p['content'] !== undefined || p['schema'] === undefined) {
        x.issues.push({ level: 'error', pointer, message: 'a parameter described by content (not schema) cannot be checked' })
        continue
      }
      const schema = x.deref(p['schema'], `${pointer}/schema`)
      const kind = isObj(schema) ? schema['type'] : undefined
      const style = String(p['style'] ?? (where === 'query' ? 'form' : 'simple'))
      const explode = typeof p['explode'] === 'boolean' ? p['explode'] : style === 'form'
      if (kind === 'object') {
        x.issues.push({ level: 'error', pointer, message: `object-valued ${where} parameters (style ${style}) are not supported` })
        continue
      }
      let type: ParamType
      if (kind === 'array') {
        const items = isObj(schema) ? x.deref(schema['items'] ?? null, `${pointer}/schema/items`) : null
        const sep = where === 'path' ? (style === 'simple' ? ',' : undefined) : style === 'form' ? (explode ? 'multi' : ',') : style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : undefined
        if (sep === undefined) {
          x.issues.push({ level: 'error', pointer, message: `style ${style} is not supported for ${where} parameters` })
          continue
        }
        type = { type: scalarOf(items), array: sep as NonNullable<ParamType['array']> }
      } else {
        if ((where === 'query' && style !== 'form') || (where === 'path' && style !== 'simple')) {
          x.issues.push({ level: 'error', pointer, message: `style ${style} is not supported for ${where} parameters` })
          continue
        }
        type = { type: scalarOf(schema) }
      }
      types[name] = type
      properties[name] = x.compiler.part(p['schema'] as Json, x.doc, `${pointer}/schema`, used)
      if (p['required'] === true || where === 'path') required.push(name)
      if (where === 'path' && !templateNames.has(name)) x.issues.push({ level: 'warning', pointer, message: `path parameter ${name} is not in the path template` })
    }
    for (const { p, pointer } of merged.values()) {
      if (p['in'] === 'header' || p['in'] === 'cookie') x.issues.push({ level: 'warning', pointer, message: `${p['in']} parameter ${String(p['name'])} is not enforced by the gateway` })
    }
    const defs = x.compiler.defsFor(used)
    if (Object.keys(types).length > 0) specs[where] = { schema: { type: 'object', properties, required, additionalProperties: false, ...(defs ? { $defs: defs } : {}) }, types }
  }
  return specs
}
