/** @module One audit record per tool call: agent, session, tool, decision, latency; inputs only where configured. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { agentId, mintToken } from '../../support/tokens'
import { connect, expectRpcError } from './support'

type Audit = { event: string; agentId: string; session: string; tool: string; decision: string; code: string; latencyMs: number; inputs?: string }

function audits(spy: { mock: { calls: unknown[][] } }, agent: string): Audit[] {
  return spy.mock.calls
    .map((c) => String(c[0]))
    .filter((l) => l.includes('"mcp_tool_call"'))
    .map((l) => JSON.parse(l) as Audit)
    .filter((a) => a.agentId === agent)
}

afterEach(() => vi.restoreAllMocks())

describe('audit records', () => {
  it('records allowed and refused calls; inputs only for tools with record_inputs', async () => {
    const spy = vi.spyOn(console, 'log')
    const sub = agentId('audit')
    const started = Date.now()
    const token = await mintToken({ scopes: ['search:execute', 'orders:read'], sub })
    const c = await connect(token, { query: '?json=1' })
    await c.client.callTool({ name: 'get_order_status', arguments: { order_id: 'ORD-00000042' } })
    await c.client.callTool({ name: 'search_products', arguments: { query: 'trail shoe' } })
    await expectRpcError(c.client.callTool({ name: 'database_query', arguments: { sql: 'select 1' } }), 'MCP_TOOL_UNKNOWN')
    let rows: Audit[] = []
    for (let i = 0; i < 20 && rows.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 25))
      rows = audits(spy, sub)
    }
    const byTool = new Map(rows.map((r) => [r.tool, r]))
    // The demo server is stateless: the token's jti stands in for the session in the audit line.
    const session = `jti:${JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).jti}`
    expect(byTool.get('get_order_status')).toMatchObject({ decision: 'allow', code: 'OK', session, inputs: '{"order_id":"ORD-00000042"}' })
    expect(byTool.get('search_products')).toMatchObject({ decision: 'allow', session })
    expect(byTool.get('search_products')!.inputs).toBeUndefined()
    expect(byTool.get('database_query')).toMatchObject({ decision: 'deny', code: 'MCP_TOOL_UNKNOWN' })
    // A real duration: whole milliseconds, and no longer than the test has been running.
    const elapsed = Date.now() - started
    for (const r of rows) {
      expect(Number.isInteger(r.latencyMs)).toBe(true)
      expect(r.latencyMs).toBeGreaterThanOrEqual(0)
      expect(r.latencyMs).toBeLessThanOrEqual(elapsed)
    }
    await c.client.close()
  })
})
