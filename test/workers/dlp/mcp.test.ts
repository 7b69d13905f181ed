/** @module DLP on MCP tool results through the official SDK client (SSE and JSON): redact, block, records budgets. */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { agentId, mintToken } from '../../support/tokens'
import { call, connect, expectRpcError, originSaw, post, withEnv } from '../mcp/support'
import { LEAKED } from './support'

const SCOPES = ['orders:read']
const LEAKY = { order_id: 'ORD-00000777' }
type Text = { type: string; text: string }

/** The configured tools with get_order_status changed. */
const toolsWith = (fields: Record<string, unknown>) => (env['MCP_TOOLS'] as Array<Record<string, unknown>>).map((t) => (t['name'] === 'get_order_status' ? { ...t, ...fields } : t))

describe('tool results through DLP', () => {
  it.each([
    { mode: 'SSE', query: '' },
    { mode: 'JSON', query: '?json=1' },
  ])('redacts the card, the key and (per the tool policy) the e-mail address ($mode)', async ({ query }) => {
    const c = await connect(await mintToken({ scopes: SCOPES, sub: agentId('mcp-dlp') }), { query })
    const r = await c.client.callTool({ name: 'get_order_status', arguments: LEAKY })
    expect(await originSaw(c.lastPost().requestId)).toBe(true)
    const text = (r.content as Text[])[0]!.text
    expect(text).toBe('Order ORD-00000777: paid with card [REDACTED:pii.card] via gateway key [REDACTED:secret.stripe_key]; receipt sent to [REDACTED:pii.email].')
    expect(r._meta?.['dev.tollgate/dlp']).toEqual({ redacted: { 'pii.card': 1, 'pii.email': 1, 'secret.stripe_key': 1 } })
    for (const v of [LEAKED.card, LEAKED.stripe, LEAKED.email]) expect(JSON.stringify(r)).not.toContain(v)
    const clean = await c.client.callTool({ name: 'get_order_status', arguments: { order_id: 'ORD-00000042' } })
    expect((clean.content as Text[])[0]!.text).toContain('shipped')
    expect(clean._meta).toBeUndefined()
    await c.client.close()
  })

  it('blocks the result with DLP_BLOCKED on the same id when the tool policy says block', async () => {
    const via = withEnv({ MCP_TOOLS: toolsWith({ dlp: { 'pii.card': 'block' } }) })
    const c = await connect(await mintToken({ scopes: SCOPES, sub: agentId('mcp-block') }), { via })
    const error = await expectRpcError(c.client.callTool({ name: 'get_order_status', arguments: LEAKY }), 'DLP_BLOCKED')
    expect(error.code).toBe(-32003)
    expect(JSON.stringify(error)).not.toContain('4539')
    expect(c.lastPost().response.status).toBe(200)
    await c.client.close()
  })

  it('a tool with DLP off passes its result untouched (no global policy reaches it)', async () => {
    const via = withEnv({ MCP_TOOLS: toolsWith({ dlp: 'off' }) })
    const c = await connect(await mintToken({ scopes: SCOPES, sub: agentId('mcp-off') }), { via, query: '?json=1' })
    const r = await c.client.callTool({ name: 'get_order_status', arguments: LEAKY })
    expect((r.content as Text[])[0]!.text).toContain(LEAKED.card)
    await c.client.close()
  })

  it('charges records per tool: the result that would cross is an in-band RECORDS_BUDGET_EXHAUSTED, then the guard refuses', async () => {
    const via = withEnv({ MCP_TOOLS: toolsWith({ dlp: { pii: 'log' }, records_per_day: { 'pii.email': 1 } }) })
    const token = await mintToken({ scopes: SCOPES, sub: agentId('mcp-rec') })
    const first = await post(token, call(1, 'get_order_status', LEAKY), { via })
    expect(first.status).toBe(200)
    expect(first.body.result.content[0].text).toContain('[REDACTED:pii.card]')
    expect(first.body.result.content[0].text).toContain(LEAKED.email)
    // Spent (1/1): the next call is refused by the guard before the origin, as a 429 with a JSON-RPC body.
    const second = await post(token, call(2, 'get_order_status', LEAKY), { via })
    expect(second.status).toBe(429)
    expect(second.body.error.data.code).toBe('RECORDS_BUDGET_EXHAUSTED')
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await originSaw(second.requestId)).toBe(false)
  })

  it('withholds a result that would cross the budget in band, with the same code', async () => {
    const via = withEnv({ MCP_TOOLS: toolsWith({ records_per_day: { pii: 1 } }) })
    const token = await mintToken({ scopes: SCOPES, sub: agentId('mcp-strict') })
    const r = await post(token, call(5, 'get_order_status', LEAKY), { via })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ id: 5, error: { code: -32002, data: { code: 'RECORDS_BUDGET_EXHAUSTED' } } })
    expect(JSON.stringify(r.body)).not.toContain('ORD-00000777: paid')
    expect(await originSaw(r.requestId)).toBe(true)
  })
})
