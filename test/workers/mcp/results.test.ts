/** @module Indirect prompt injection in tools/call results (JSON and SSE): redact, annotate or block, and risk. */
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { agentId, mintToken } from '../../support/tokens'
import { connect, expectRpcError, originSaw, withEnv } from './support'

const SCOPES = ['orders:read', 'search:execute']
const POISONED = { order_id: 'ORD-00000666' }
type Text = { type: string; text: string }

describe('tools/call results are screened on the way back', () => {
  it.each([
    { mode: 'SSE', query: '' },
    { mode: 'JSON', query: '?json=1' },
  ])('redacts injected text by default ($mode), leaves clean results alone', async ({ query }) => {
    const c = await connect(await mintToken({ scopes: SCOPES, sub: agentId('res') }), { query })
    const bad = await c.client.callTool({ name: 'get_order_status', arguments: POISONED })
    expect(await originSaw(c.lastPost().requestId)).toBe(true)
    const text = (bad.content as Text[])[0]!.text
    expect(text).toContain('[redacted by Tollgate')
    expect(text).not.toContain('Ignore all previous instructions')
    expect(bad._meta?.['dev.tollgate/screening']).toMatchObject({ verdict: 'block', action: 'redact' })
    const good = await c.client.callTool({ name: 'get_order_status', arguments: { order_id: 'ORD-00000042' } })
    expect((good.content as Text[])[0]!.text).toContain('shipped')
    expect(good._meta).toBeUndefined()
    await c.client.close()
  })

  it('blocks the whole result with MCP_RESULT_BLOCKED on the same id when the action is block', async () => {
    const c = await connect(await mintToken({ scopes: SCOPES, sub: agentId('res') }), { via: withEnv({ MCP_RESULT_ACTION: 'block' }) })
    const error = await expectRpcError(c.client.callTool({ name: 'get_order_status', arguments: POISONED }), 'MCP_RESULT_BLOCKED')
    expect(error.code).toBe(-32003)
    expect(error.data).toMatchObject({ code: 'MCP_RESULT_BLOCKED', status: 502 })
    expect(JSON.stringify(error)).not.toContain('Ignore all previous instructions')
    // In band: the HTTP answer was already under way (the origin was reached, by design).
    expect(c.lastPost().response.status).toBe(200)
    expect(await originSaw(c.lastPost().requestId)).toBe(true)
    await c.client.close()
  })

  it('annotates (warning first, content kept) when the action is annotate', async () => {
    const c = await connect(await mintToken({ scopes: SCOPES, sub: agentId('res') }), { via: withEnv({ MCP_RESULT_ACTION: 'annotate' }), query: '?json=1' })
    const r = await c.client.callTool({ name: 'get_order_status', arguments: POISONED })
    const content = r.content as Text[]
    expect(content[0]!.text).toMatch(/^\[Tollgate\]/)
    expect(content[1]!.text).toContain('Customer note')
    expect(r._meta?.['dev.tollgate/screening']).toMatchObject({ action: 'annotate' })
    await c.client.close()
  })

  it('raises the agent risk seen in the next decision record', async () => {
    const points = vi.spyOn(env.SECURITY_EVENTS, 'writeDataPoint')
    const sub = agentId('risk')
    const c = await connect(await mintToken({ scopes: SCOPES, sub }), { query: '?json=1' })
    await c.client.callTool({ name: 'get_order_status', arguments: POISONED })
    let risk = 0
    for (let i = 0; i < 20 && risk === 0; i++) {
      await new Promise((r) => setTimeout(r, 50))
      await c.client.callTool({ name: 'get_order_status', arguments: { order_id: 'ORD-00000042' } })
      await new Promise((r) => setTimeout(r, 10))
      const mine = points.mock.calls.map((p) => p[0]!).filter((p) => p.indexes?.[0] === sub)
      risk = Number(mine[mine.length - 1]?.doubles?.[0] ?? 0)
    }
    expect(risk).toBeGreaterThan(0.5)
    points.mockRestore()
    await c.client.close()
  })
})
