/** @module MCP configuration: defaults, the tool table, and bad fields failing closed with their names. */
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { compileMcp, DEFAULT_MCP_METHODS, McpEnvShape } from '../../../src/config/mcp'

const Schema = z.object(McpEnvShape).transform((e, ctx) => compileMcp(e, ctx))
const parse = (env: Record<string, unknown>) => Schema.safeParse(env)
const messageOf = (env: Record<string, unknown>) => {
  const r = parse(env)
  expect(r.success).toBe(false)
  return r.success ? '' : z.prettifyError(r.error)
}

describe('MCP config', () => {
  it('has safe defaults: /mcp, default-deny tools, TLS required, the seed limits', () => {
    const r = parse({})
    expect(r.success).toBe(true)
    if (!r.success) return
    expect(r.data).toMatchObject({ path: '/mcp', maxBatch: 10, requireTls: true, allowedOrigins: [], results: { action: 'redact' }, pinCacheMs: 5_000 })
    expect(r.data.tools.size).toBe(0)
    expect([...r.data.methods]).toEqual([...DEFAULT_MCP_METHODS])
    expect(r.data.limits).toEqual({ callsPerMinute: 60, maxConcurrent: 5, inflightTtlMs: 60_000, maxToolsPerSession: 20, maxInputBytes: 65_536 })
  })

  it('compiles the tool table from TOML tables or JSON text, with per-tool result action falling back', () => {
    const tools = [{ name: 'search_products', scopes: ['search:execute'], cost: 5, schema: { type: 'object' } }, { name: 'notify', result_action: 'block', record_inputs: true }]
    for (const MCP_TOOLS of [tools, JSON.stringify(tools)]) {
      const r = parse({ MCP_TOOLS, MCP_RESULT_ACTION: 'annotate', MCP_ALLOWED_ORIGINS: 'https://app.example/, https://b.example', MCP_REQUIRE_TLS: 'false' })
      expect(r.success).toBe(true)
      if (!r.success) return
      expect(r.data.tools.get('search_products')).toMatchObject({ cost: 5, resultAction: 'annotate', recordInputs: false, screening: 'block' })
      expect(r.data.tools.get('notify')).toMatchObject({ cost: 1, resultAction: 'block', recordInputs: true })
      expect(r.data.allowedOrigins).toEqual(['https://app.example', 'https://b.example'])
      expect(r.data.requireTls).toBe(false)
    }
  })

  it.each([
    { name: 'tool name with a space', env: { MCP_TOOLS: [{ name: 'bad name' }] }, field: 'MCP_TOOLS[0].name' },
    { name: 'unknown tool key', env: { MCP_TOOLS: [{ name: 't', scope: ['x'] }] }, field: 'MCP_TOOLS[0]' },
    { name: 'duplicate tool', env: { MCP_TOOLS: [{ name: 't' }, { name: 't' }] }, field: 'MCP_TOOLS[1].name' },
    { name: 'schema not an object schema', env: { MCP_TOOLS: [{ name: 't', schema: { type: 'string' } }] }, field: 'MCP_TOOLS[0].schema.type' },
    { name: 'pin not a sha-256', env: { MCP_TOOLS: [{ name: 't', pin: 'abc' }] }, field: 'MCP_TOOLS[0].pin' },
    { name: 'result action', env: { MCP_RESULT_ACTION: 'ignore' }, field: 'MCP_RESULT_ACTION' },
    { name: 'batch bound', env: { MCP_MAX_BATCH: 0 }, field: 'MCP_MAX_BATCH' },
    { name: 'origin not a URL', env: { MCP_ALLOWED_ORIGINS: ['app.example'] }, field: 'MCP_ALLOWED_ORIGINS[0]' },
    { name: 'methods without initialize', env: { MCP_METHODS: ['tools/call'] }, field: 'MCP_METHODS' },
    { name: 'path', env: { MCP_PATH: 'mcp' }, field: 'MCP_PATH' },
  ])('fails closed on $name, naming $field', ({ env, field }) => {
    expect(messageOf(env)).toContain(field)
  })
})
