/** @module A pin from configuration (MCP_TOOLS `pin`) overrides first sight: a definition that differs is quarantined. */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { send } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'
import { connect, expectRpcError, withEnv } from './support'

type Tool = Record<string, unknown> & { name: string }
const configured = (env['MCP_TOOLS'] as Tool[] | undefined) ?? []

describe('configured pins', () => {
  it('keeps a tool whose definition matches its configured pin, quarantines one that does not', async () => {
    const token = await mintToken({ scopes: ['search:execute', 'orders:read'], tier: 'premium', sub: agentId('cfgpin') })
    // Learn the real hash of get_order_status from the pins listing.
    const first = await connect(token)
    await first.client.listTools()
    const { response } = await send('/_tollgate/admin/mcp/tools', { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } })
    const rows = ((await response.json()) as { tools: { name: string; pinned: string }[] }).tools
    const real = rows.find((r) => r.name === 'get_order_status')!.pinned
    // No isolate copy of the pins, so a quarantine the gateway's probe records applies at once.
    const pinned = (pins: Record<string, string>) => withEnv({ MCP_PIN_CACHE_SECONDS: 0, MCP_TOOLS: configured.map((t) => (pins[t.name] ? { ...t, pin: pins[t.name] } : t)) })

    const matching = await connect(token, { via: pinned({ get_order_status: real }) })
    expect((await matching.client.listTools()).tools.map((t) => t.name)).toContain('get_order_status')

    const wrong = await connect(token, { via: pinned({ search_products: '0'.repeat(64) }) })
    const names = (await wrong.client.listTools()).tools.map((t) => t.name)
    expect(names).not.toContain('search_products')
    expect(names).toContain('get_order_status')
    // The agent's own answer only hides the tool from it; the gateway's probe (in the background)
    // sees the definition differ from the configured pin and quarantines it for everybody.
    let code: string | undefined
    for (let i = 0; i < 40 && code !== 'MCP_TOOL_QUARANTINED'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      code = await wrong.client.callTool({ name: 'search_products', arguments: { query: 'trail shoe' } }).then(
        () => 'OK',
        (e: { data?: { code?: string } }) => e.data?.code,
      )
    }
    await expectRpcError(wrong.client.callTool({ name: 'search_products', arguments: { query: 'trail shoe' } }), 'MCP_TOOL_QUARANTINED')
    for (const c of [first, matching, wrong]) await c.client.close()
  })
})
