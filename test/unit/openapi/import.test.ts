/** The OpenAPI importer: constructs it compiles faithfully, and the ones it names by pointer. */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loader } from '../../../scripts/routes-import'
import { importOpenApi, type ImportedRoute } from '../../../src/openapi/import'
import type { Json } from '../../../src/openapi/schema'
import { checkParams } from '../../../src/policy/params'
import { compileSchema } from '../../../src/policy/schema'

const HERE = dirname(fileURLToPath(import.meta.url))
const DOC = join(HERE, 'fixtures', 'inline.json')

function run(doc: Record<string, Json>, skipUnsupported = false) {
  const { resolve } = loader()
  // Local refs resolve inside `doc`; relative file refs against this folder.
  const resolveRef: Parameters<typeof importOpenApi>[1]['resolve'] = (ref, base) => {
    if (ref.startsWith('#') && base === DOC) {
      let value: Json = doc
      for (const k of ref.slice(2).split('/')) value = (value as Record<string, Json> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')]!
      return value === undefined ? undefined : { id: `${DOC}${ref}`, doc: DOC, pointer: ref.slice(1), value }
    }
    return resolve(ref, base)
  }
  return importOpenApi({ openapi: '3.1.0', info: { title: 't', version: '1' }, ...doc }, { resolve: resolveRef, doc: DOC, skipUnsupported })
}
const route = (r: { routes: ImportedRoute[] }, key: string) => r.routes.find((x) => `${x.method} ${x.path}` === key)!
const valid = (schema: Json, value: unknown) => compileSchema(schema as Record<string, unknown>, false)(value).ok

describe('paths, methods, scopes and extensions', () => {
  const result = run({
    security: [{ oauth: ['base:read'] }],
    'x-tollgate-cost': 3,
    paths: {
      '/items/{item-id}': { get: { responses: {} }, delete: { security: [{ oauth: ['items:delete', 'items:write'] }], 'x-tollgate-cost': 9, 'x-tollgate-fail-mode': 'open', responses: {} } },
      '/items/search': { get: { 'x-tollgate-scopes': ['search'], 'x-tollgate-screening': 'log', responses: {} } },
      '/public': { get: { security: [], responses: {} } },
      '/skip': { get: { 'x-tollgate-ignore': true, responses: {} } },
    },
  })
  it('templates {param} as :param, orders literal paths first, inherits document security and cost', () => {
    expect(result.issues.filter((i) => i.level === 'error')).toEqual([])
    expect(result.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /public', 'GET /items/search', 'GET /items/:item-id', 'DELETE /items/:item-id'])
    expect(route(result, 'GET /items/:item-id')).toMatchObject({ scopes: ['base:read'], cost: 3 })
    expect(route(result, 'DELETE /items/:item-id')).toMatchObject({ scopes: ['items:delete', 'items:write'], cost: 9, failMode: 'open' })
    expect(route(result, 'GET /items/search')).toMatchObject({ scopes: ['search'], screening: 'log' })
  })
  it('an explicitly public operation still needs a token (warning), and x-tollgate-ignore leaves it out', () => {
    expect(route(result, 'GET /public').scopes).toEqual([])
    expect(result.issues).toContainEqual(expect.objectContaining({ level: 'warning', pointer: '/paths/~1public/get/security' }))
    expect(result.routes.some((r) => r.path === '/skip')).toBe(false)
  })
})

describe('unsupported constructs are named by JSON pointer', () => {
  it.each([
    ['a partial-segment template', { '/files/{name}.json': { get: { responses: {} } } }, '/paths/~1files~1{name}.json'],
    ['TRACE', { '/t': { trace: { responses: {} } } }, '/paths/~1t/trace'],
    ['a deepObject query parameter', { '/q': { get: { parameters: [{ name: 'f', in: 'query', style: 'deepObject', schema: { type: 'object' } }], responses: {} } } }, '/paths/~1q/get/parameters/0'],
    ['a matrix path parameter', { '/m/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, style: 'matrix', schema: { type: 'string' } }], responses: {} } } }, '/paths/~1m~1{id}/get/parameters/0'],
    ['a content-described parameter', { '/c': { get: { parameters: [{ name: 'q', in: 'query', content: { 'application/json': {} } }], responses: {} } } }, '/paths/~1c/get/parameters/0'],
    ['alternative security with different scopes', { '/s': { get: { security: [{ a: ['x'] }, { b: ['y'] }], responses: {} } } }, '/paths/~1s/get/security'],
    ['an unknown x-tollgate extension', { '/x': { get: { 'x-tollgate-costs': 5, responses: {} } } }, '/paths/~1x/get/x-tollgate-costs'],
    ['a bad x-tollgate value', { '/x': { get: { 'x-tollgate-screening': 'maybe', responses: {} } } }, '/paths/~1x/get/x-tollgate-screening'],
    ['$dynamicRef', { '/d': { post: { requestBody: { content: { 'application/json': { schema: { $dynamicRef: '#meta' } } } }, responses: {} } } }, '/paths/~1d/post/requestBody/content/application~1json/schema/$dynamicRef'],
    ['an unresolvable $ref', { '/r': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } }, responses: {} } } }, '/paths/~1r/post/requestBody/content/application~1json/schema/$ref'],
  ])('%s', (_name, paths, pointer) => {
    const result = run({ paths: paths as Json })
    expect(result.issues).toContainEqual(expect.objectContaining({ level: 'error', pointer }))
    // With --skip-unsupported the operation is left out (so it is denied, never passed unchecked).
    const skipped = run({ paths: paths as Json }, true)
    expect(skipped.routes.filter((r) => pointer.startsWith(`/paths/${r.path.replace(/\//g, '~1').replace(/:([^~]+)/g, '{$1}')}`))).toEqual([])
  })

  it('Swagger 2.0 is refused as a whole', () => {
    const { resolve } = loader()
    expect(importOpenApi({ swagger: '2.0' }, { resolve, doc: DOC }).issues[0]).toMatchObject({ level: 'error', pointer: '/openapi' })
  })

  it('header and cookie parameters and non-JSON bodies are warnings (not enforced, screened)', () => {
    const r = run({ paths: { '/h': { post: { parameters: [{ name: 'X-Trace', in: 'header', schema: { type: 'string' } }], requestBody: { content: { 'multipart/form-data': {} } }, responses: {} } } } })
    expect(r.issues.filter((i) => i.level === 'error')).toEqual([])
    expect(r.issues.map((i) => i.level)).toEqual(['warning', 'warning'])
  })
})

describe('schemas', () => {
  it('resolves local and relative-file $refs into shared $defs, closed at the use site', () => {
    const r = run({
      components: { schemas: { Order: { type: 'object', required: ['price'], properties: { price: { $ref: 'shared.yaml#/components/schemas/Money' }, note: { type: 'string' } } } } },
      paths: { '/orders': { post: { requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } }, responses: {} } } },
    })
    expect(r.issues).toEqual([])
    const schema = route(r, 'POST /orders').schema!
    expect(Object.keys((schema as { $defs: object }).$defs).sort()).toEqual(['Money', 'Order'])
    expect(valid(schema, { price: { amount: 5, currency: 'EUR' } })).toBe(true)
    expect(valid(schema, { price: { amount: 5 }, admin: true })).toBe(false)
    expect(valid(schema, { price: { amount: 5, admin: true } })).toBe(false)
    expect(valid(schema, { price: { amount: -1 } })).toBe(false)
  })

  it('allOf composes open members and closes the whole (a valid instance passes, an extra key fails)', () => {
    const r = run({
      components: { schemas: { Base: { type: 'object', properties: { id: { type: 'string' } } } } },
      paths: { '/p': { post: { requestBody: { content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { name: { type: 'string' } } }] } } } }, responses: {} } } },
    })
    const schema = route(r, 'POST /p').schema!
    expect(valid(schema, { id: 'a', name: 'b' })).toBe(true)
    expect(valid(schema, { id: 'a', name: 'b', role: 'admin' })).toBe(false)
    expect(route(r, 'POST /p').bodyRequired).toBe(false)
  })

  it('translates the 3.0 dialect: nullable, boolean exclusive bounds, readOnly not required in requests', () => {
    const { resolve } = loader()
    const doc = {
      openapi: '3.0.3',
      paths: { '/n': { post: { requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['id', 'n'], properties: { id: { type: 'string', readOnly: true }, n: { type: 'number', minimum: 0, exclusiveMinimum: true }, tag: { type: 'string', nullable: true, example: 'x' } } } } } }, responses: {} } } },
    }
    const r = importOpenApi(doc as Json, { resolve, doc: DOC })
    const schema = route(r, 'POST /n').schema!
    expect(valid(schema, { n: 1, tag: null })).toBe(true)
    expect(valid(schema, { n: 0 })).toBe(false)
    expect(JSON.stringify(schema)).not.toContain('example')
  })
})

describe('parameters', () => {
  const r = run({
    paths: {
      '/repos/{owner}/issues/{number}': {
        parameters: [{ name: 'owner', in: 'path', required: true, schema: { type: 'string', maxLength: 39 } }],
        get: {
          parameters: [
            { name: 'number', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
            { name: 'state', in: 'query', schema: { type: 'string', enum: ['open', 'closed'] } },
            { name: 'labels', in: 'query', schema: { type: 'array', items: { type: 'string' } }, explode: false },
            { name: 'ids', in: 'query', schema: { type: 'array', items: { type: 'integer' } } },
            { name: 'draft', in: 'query', required: true, schema: { type: 'boolean' } },
          ],
          responses: {},
        },
      },
    },
  })
  const rt = route(r, 'GET /repos/:owner/issues/:number')
  const check = (params: Record<string, string>, query: string) => checkParams(rt, params, new URLSearchParams(query)).map((e) => `${e.pointer} ${e.keyword}`)

  it('decodes values by declared type and serialisation before validating', () => {
    expect(check({ owner: 'octo', number: '7' }, 'state=open&labels=a,b&ids=1&ids=2&draft=false')).toEqual([])
  })
  it.each([
    [{ owner: 'octo', number: 'seven' }, 'draft=true', '/path/number type'],
    [{ owner: 'octo', number: '0' }, 'draft=true', '/path/number minimum'],
    [{ owner: 'x'.repeat(40), number: '1' }, 'draft=true', '/path/owner maxLength'],
    [{ owner: 'octo', number: '1' }, 'draft=yes', '/query/draft type'],
    [{ owner: 'octo', number: '1' }, '', ' required'],
    [{ owner: 'octo', number: '1' }, 'draft=true&state=merged', '/query/state enum'],
    [{ owner: 'octo', number: '1' }, 'draft=true&ids=1&ids=x', '/query/ids/1 type'],
    [{ owner: 'octo', number: '1' }, 'draft=true&state=open&state=closed', '/query/state type'],
    [{ owner: 'octo', number: '1' }, 'draft=true&sudo=1', '/query/sudo additionalProperties'],
  ])('%j ?%s → %s', (params, query, expected) => {
    expect(check(params, query)).toContain(expected.startsWith(' ') ? `/query${expected}` : expected)
  })
})
