/** @module Tool poisoning in tools/list: a definition carrying instructions for the model is dropped and reported. */
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { send } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'
import { connect, expectRpcError } from './support'

const ALL = ['search:execute', 'orders:read', 'notifications:send']

describe('tool poisoning', () => {
  it('drops a poisoned tool from tools/list, logs it, records it for operators and quarantines the pinned tool', async () => {
    // A trusted observer (MCP_PIN_SCOPE): its sighting is recorded and quarantines (pins-trust.test.ts covers the others).
    const token = await mintToken({ scopes: [...ALL, 'mcp:pin'], sub: agentId('poison') })
    const clean = await connect(token)
    expect((await clean.client.listTools()).tools.map((t) => t.name)).toContain('search_products')

    const logs = vi.spyOn(console, 'log')
    const poisoned = await connect(token, { query: '?demo_variant=poison' })
    const names = (await poisoned.client.listTools()).tools.map((t) => t.name).sort()
    expect(names).toEqual(['get_order_status', 'send_notification'])
    const lines = logs.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('"mcp_tool_poisoned"'))
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ event: 'mcp_tool_poisoned', tool: 'search_products' })
    logs.mockRestore()

    const { response } = await send('/_tollgate/admin/mcp/tools', { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } })
    const { tools } = (await response.json()) as { tools: { name: string; status: string; poisoned: { ruleIds: string[] } | null }[] }
    const row = tools.find((t) => t.name === 'search_products')!
    expect(row.poisoned?.ruleIds.length).toBeGreaterThan(0)
    expect(row.status).toBe('quarantined')
    await expectRpcError(clean.client.callTool({ name: 'search_products', arguments: { query: 'shoe' } }), 'MCP_TOOL_QUARANTINED')
    await clean.client.close()
    await poisoned.client.close()
  })
})
