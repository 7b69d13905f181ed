/**
 * @module OpenAPI 3.0/3.1 document → Tollgate route table (docs/openapi.md). Pure: documents come
 * in already parsed (the CLI reads YAML/JSON files), the table goes out as data.
 *
 * Per operation: method, path template, scopes from security requirements, request-body schema,
 * path and query parameter schemas, and `x-tollgate-*` extensions (document → path item →
 * operation, the nearest wins). What cannot be enforced faithfully is an error naming its JSON
 * pointer; `skipUnsupported` drops those operations instead, so they stay unrouted (denied).
 */
import { EXTENSIONS, extensionsAt, type Extensions } from './extensions'
import { paramSpecs, type ParamSpec } from './params'
import { bySpecificity } from '../config/route-table'
import { esc, isObj, SchemaCompiler, type Issue, type Json, type Obj, type RefResolver } from './schema'

export type ImportedRoute = {
  method: string
  path: string
  scopes: string[]
  cost: number
  screening?: 'block' | 'log' | 'off'
  failMode?: 'closed' | 'open'
  schema?: Json
  bodyRequired?: boolean
  query?: ParamSpec
  params?: ParamSpec
  schemaClosed: true
  operationId?: string
  dlp?: Json
  records_per_day?: Json
}

export type ImportResult = { readonly routes: ImportedRoute[]; readonly issues: Issue[]; readonly operations: number }

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const
/** A literal path segment Tollgate's matcher accepts (src/config/routes.ts). */
const LITERAL = /^[A-Za-z0-9._~!$&'()*+,=@-]+$/
const PARAM = /^\{([A-Za-z_][A-Za-z0-9_.-]*)\}$/

/** `/repos/{owner}/{repo}` → `/repos/:owner/:repo`; partial-segment templates are not matchable. */
export function toTemplate(path: string): { ok: true; template: string } | { ok: false; message: string } {
  if (path === '/') return { ok: true, template: '/' }
  const segments = path.replace(/\/+$/, '').split('/').slice(1)
  const out: string[] = []
  for (const seg of segments) {
    const p = PARAM.exec(seg)
    if (p) out.push(`:${p[1]}`)
    else if (seg.includes('{')) return { ok: false, message: `segment "${seg}" mixes a parameter with text; Tollgate matches whole segments` }
    else if (!LITERAL.test(seg)) return { ok: false, message: `segment "${seg}" has characters a route template cannot hold` }
    else out.push(seg)
  }
  return { ok: true, template: '/' + out.join('/') }
}

export type ImportOptions = { readonly resolve: RefResolver; readonly doc: string; readonly skipUnsupported?: boolean }

export function importOpenApi(document: Json, options: ImportOptions): ImportResult {
  const issues: Issue[] = []
  if (!isObj(document) || typeof document['openapi'] !== 'string' || !/^3\.[01]\.\d+$/.test(document['openapi'])) {
    return { routes: [], operations: 0, issues: [{ level: 'error', pointer: '/openapi', message: 'an OpenAPI 3.0.x or 3.1.x document (Swagger 2.0: convert it first)' }] }
  }
  const compiler = new SchemaCompiler(options.resolve, document['openapi'])
  const deref = (v: Json, pointer: string): Json => {
    if (!isObj(v) || typeof v['$ref'] !== 'string') return v
    const t = options.resolve(v['$ref'], options.doc)
    if (!t) issues.push({ level: 'error', pointer, message: `unresolvable $ref ${v['$ref']}` })
    return t ? deref(t.value, pointer) : null
  }
  const rootExt = extensionsAt(document, '', issues)
  const routes: ImportedRoute[] = []
  let operations = 0
  const paths = isObj(document['paths']) ? document['paths'] : {}
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemPointer = `/paths/${esc(path)}`
    const item = deref(rawItem, itemPointer)
    if (!isObj(item)) continue
    const itemExt = { ...rootExt, ...extensionsAt(item, itemPointer, issues) }
    for (const method of METHODS) {
      const op = item[method]
      if (!isObj(op)) continue
      operations++
      const pointer = `${itemPointer}/${method}`
      const [b1, b2] = [issues.length, compiler.issues.length]
      compiler.reachedBroken = false
      const route = importOperation({ path, method, op, item, pointer, ext: { ...itemExt, ...extensionsAt(op, pointer, issues) }, document, compiler, deref, issues, doc: options.doc })
      const isError = (i: Issue) => i.level === 'error'
      const failed = issues.slice(b1).some(isError) || compiler.issues.slice(b2).some(isError) || compiler.reachedBroken
      if (route && !(failed && options.skipUnsupported)) routes.push(route)
    }
  }
  issues.push(...compiler.issues)
  return { routes: bySpecificity(routes), issues: dedupe(issues), operations }
}

type OpInput = {
  path: string
  method: (typeof METHODS)[number]
  op: Obj
  item: Obj
  pointer: string
  ext: Extensions
  document: Obj
  compiler: SchemaCompiler
  deref: (v: Json, pointer: string) => Json
  issues: Issue[]
  doc: string
}

function importOperation(x: OpInput): ImportedRoute | undefined {
  const { issues, pointer, ext } = x
  if (ext.ignore) return undefined
  if (x.method === 'trace') {
    issues.push({ level: 'error', pointer, message: 'TRACE is not a method Tollgate forwards' })
    return undefined
  }
  const template = toTemplate(x.path)
  if (!template.ok) {
    issues.push({ level: 'error', pointer: `/paths/${esc(x.path)}`, message: template.message })
    return undefined
  }
  const route: ImportedRoute = { method: x.method.toUpperCase(), path: template.template, scopes: scopesOf(x, ext), cost: ext.cost ?? 1, schemaClosed: true }
  if (typeof x.op['operationId'] === 'string') route.operationId = x.op['operationId'].slice(0, 128)
  if (ext.screening) route.screening = ext.screening
  if (ext.failMode) route.failMode = ext.failMode
  if (ext.dlp !== undefined) route.dlp = ext.dlp
  if (ext.records_per_day !== undefined) route.records_per_day = ext.records_per_day
  const params = paramSpecs({ item: x.item, op: x.op, pointer, itemPointer: `/paths/${esc(x.path)}`, template: template.template, compiler: x.compiler, deref: x.deref, issues, doc: x.doc })
  if (params.query) route.query = params.query
  if (params.path) route.params = params.path
  const body = x.deref(x.op['requestBody'] ?? null, `${pointer}/requestBody`)
  if (isObj(body) && isObj(body['content'])) {
    const types = Object.keys(body['content'])
    const json = types.find((t) => /^application\/([a-z0-9.+-]+\+)?json$/i.test(t.split(';')[0]!.trim()))
    const media = json ? body['content'][json] : undefined
    if (json && isObj(media) && media['schema'] !== undefined) {
      route.schema = x.compiler.compile(media['schema'], x.doc, `${pointer}/requestBody/content/${esc(json)}/schema`)
      route.bodyRequired = body['required'] === true
    } else if (types.length > 0) {
      issues.push({ level: 'warning', pointer: `${pointer}/requestBody`, message: `body not schema-checked (${types.join(', ')}): screened only` })
    }
  }
  return route
}

/** Security Requirement Objects: alternatives are OR, schemes within one are AND (OAS §4.8.30). */
function scopesOf(x: OpInput, ext: Extensions): string[] {
  if (ext.scopes) return ext.scopes
  const reqs = x.op['security'] ?? x.document['security']
  if (!Array.isArray(reqs)) return []
  const alternatives = reqs.filter(isObj).map((r) => [...new Set(Object.values(r).flatMap((v) => (Array.isArray(v) ? v.map(String) : [])))].sort())
  if (alternatives.length === 0 || alternatives.some((a) => a.length === 0)) {
    if (alternatives.length === 0 || alternatives.length > 1)
      x.issues.push({ level: 'warning', pointer: `${x.pointer}/security`, message: 'public or optional in the spec: Tollgate still requires an agent token' })
    return []
  }
  const key = JSON.stringify(alternatives[0])
  if (alternatives.some((a) => JSON.stringify(a) !== key)) {
    x.issues.push({ level: 'error', pointer: `${x.pointer}/security`, message: 'alternative security requirements with different scopes: Tollgate requires one scope set (set x-tollgate-scopes)' })
  }
  return alternatives[0]!
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const k = `${i.level}|${i.pointer}|${i.message}`
    return seen.has(k) ? false : (seen.add(k), true)
  })
}

export { EXTENSIONS }
