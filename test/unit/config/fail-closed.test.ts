/**
 * Config fails closed at load for everything it can know (issue 13 item 7): SCREENING_RULE_MODES
 * keys must be rule ids (read from the screening modules), and every configured JSON Schema is
 * checked and compiled at load, the error naming ROUTES[i].schema or MCP_TOOLS[i].schema.
 */
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load'
import { checkSchema } from '../../../src/policy/schema-check'
import { RULE_IDS } from '../../../src/screening/rules'
import { SCREENING_IDS } from '../../../src/screening/screen'
import { configErrorOf, issueAt, minimalEnv } from '../../support/config-error'
import { fakeNamespace } from '../../support/namespace'

const valid = (): Record<string, unknown> => ({ ...minimalEnv(), TOOL_PINS: fakeNamespace() })

const route = (schema: unknown) => ({ ROUTES: [{ method: 'GET', path: '/ok' }, { method: 'POST', path: '/api/x', schema }] })
const tool = (schema: unknown) => ({ MCP_TOOLS: [{ name: 'ok' }, { name: 'x', schema: { type: 'object', ...(schema as object) } }] })

describe('SCREENING_RULE_MODES', () => {
  it('accepts every id the screening module defines: rules, model heads, the second opinion', () => {
    expect(SCREENING_IDS).toEqual(expect.arrayContaining(['NN-001', 'SO-001', ...RULE_IDS]))
    const modes = Object.fromEntries(SCREENING_IDS.map((id, i) => [id, (['block', 'log', 'off'] as const)[i % 3]]))
    expect(configErrorOf({ ...valid(), SCREENING_RULE_MODES: modes })).toBe('')
    expect(loadConfig({ ...valid(), SCREENING_RULE_MODES: JSON.stringify(modes) }).screening.ruleModes).toEqual(modes)
  })

  it.each([
    ['a made-up id', 'PI-999'],
    ['a lower-case id', RULE_IDS[0]!.toLowerCase()],
    ['an id with a space', ` ${RULE_IDS[0]}`],
    ['a category, not a rule', 'sqli'],
    ['an empty key', ''],
  ])('refuses %s, naming SCREENING_RULE_MODES.<id>', (_name, id) => {
    const message = configErrorOf({ ...valid(), SCREENING_RULE_MODES: { [RULE_IDS[0]!]: 'log', [id]: 'log' } })
    expect(message).toContain('SCREENING_RULE_MODES')
    expect(message).toMatch(/a screening rule id/)
  })
})

describe('route and tool JSON Schemas compile at load', () => {
  it.each([
    ['a type that does not exist', { type: 'strnig' }, 'type'],
    ['a list of types with a typo', { type: ['string', 'nul'] }, 'type'],
    ['a pattern that does not compile', { type: 'object', properties: { q: { type: 'string', pattern: '([a-z]' } } }, 'pattern'],
    ['a patternProperties key that does not compile', { type: 'object', patternProperties: { '[': { type: 'string' } } }, 'patternProperties'],
    ['a $ref to nowhere', { type: 'object', properties: { q: { $ref: '#/$defs/missing' } } }, '$ref'],
    ['a remote $ref', { $ref: 'https://schemas.example/q.json' }, '$ref'],
    ['an unknown format (it would check nothing)', { type: 'string', format: 'phone-number' }, 'format'],
    ['maxLength as a string', { type: 'string', maxLength: '500' }, 'maxLength'],
    ['a negative minItems', { type: 'array', minItems: -1 }, 'minItems'],
    ['required as a string', { type: 'object', required: 'query' }, 'required'],
    ['properties that are not schemas', { type: 'object', properties: { q: 'string' } }, 'a schema'],
    ['an empty anyOf', { anyOf: [] }, 'anyOf'],
    ['a draft-4 tuple items list', { type: 'array', items: [{ type: 'string' }] }, 'a schema'],
    ['$dynamicRef, which the validator ignores', { $dynamicRef: '#meta' }, '$dynamicRef'],
    ['multipleOf zero', { type: 'number', multipleOf: 0 }, 'multipleOf'],
  ])('%s fails closed naming ROUTES[1].schema', (_name, schema, what) => {
    const routeError = issueAt(configErrorOf({ ...valid(), ...route(schema) }), 'ROUTES[1].schema')
    expect(routeError).toMatch(/a JSON Schema \(draft 2020-12\) that compiles/)
    expect(routeError).toContain(what)
  })

  it.each([
    ['a pattern that does not compile', { type: 'string', pattern: '(' }],
    ['a $ref to nowhere', { $ref: '#/$defs/nope' }],
    ['an unknown format', { type: 'string', format: 'iso-date' }],
    ['a type typo', { type: 'strign' }],
  ])('a tool argument with %s fails closed naming MCP_TOOLS[1].schema', (_name, sub) => {
    const toolError = issueAt(configErrorOf({ ...valid(), ...tool({ properties: { q: sub } }) }), 'MCP_TOOLS[1].schema')
    expect(toolError).toMatch(/a JSON Schema \(draft 2020-12\) that compiles; at \/properties\/q\//)
  })

  it('compiles each route schema once, at load, and the route carries the validator', () => {
    const schema = { type: 'object', required: ['q'], properties: { q: { type: 'string', maxLength: 3, pattern: '^[a-z]+$' } } }
    const c = loadConfig({ ...valid(), ...route(schema) })
    const r = c.routes[1]!
    expect(r.validate?.({ q: 'abc' })).toEqual({ ok: true })
    expect(r.validate?.({ q: 'ABCD' })).toMatchObject({ ok: false })
    expect(c.routes[0]!.validate).toBeUndefined()
  })

  it('accepts the schemas real configurations use: $defs and anchors, formats, annotations, OpenAPI extras', () => {
    const schema = {
      $defs: { id: { $anchor: 'sku', type: 'string', pattern: '^SKU-[0-9]{6}$' } },
      type: 'object',
      title: 'An order',
      properties: {
        a: { $ref: '#/$defs/id' },
        b: { $ref: '#sku' },
        when: { type: 'string', format: 'date-time' },
        email: { type: ['string', 'null'], format: 'email', example: 'a@b.c' },
        n: { type: 'integer', minimum: 0, exclusiveMaximum: 10, multipleOf: 2 },
        tags: { type: 'array', prefixItems: [{ type: 'string' }], items: false, uniqueItems: true },
      },
      dependentRequired: { a: ['b'] },
      'x-internal': true,
    }
    expect(checkSchema(schema)).toBeUndefined()
    expect(configErrorOf({ ...valid(), ...route(schema) })).toBe('')
  })

  it('the demo configuration compiles (wrangler.toml schemas)', () => {
    expect(checkSchema(true)).toBeUndefined()
    expect(checkSchema({ type: 'object', required: ['report_type'], properties: { report_type: { type: 'string', enum: ['sales'] }, date_from: { type: 'string', format: 'date' } } })).toBeUndefined()
  })
})
