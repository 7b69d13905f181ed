/** @module Rug-pull pinning: first sight pins, a changed description quarantines, an operator approves the new hash. */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { send } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'
import { call, connect, expectRpcError, expectToolText, originSaw, post } from './support'

const ALL = ['search:execute', 'orders:read', 'notifications:send']
/** Trusted observers (MCP_PIN_SCOPE): their listings may pin and quarantine (docs/mcp.md, "Who may change a pin"). */
const TRUSTED = [...ALL, 'mcp:pin']
const admin = (path: string, init: RequestInit = {}) =>
  send(`/_tollgate/admin${path}`, { ...init, headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers } })

type PinView = { name: string; pinned: string | null; pending: string | null; status: string; poisoned: { hash: string; ruleIds: string[] } | null }
async function pins(): Promise<Map<string, PinView>> {
  const { response } = await admin('/mcp/tools')
  expect(response.status).toBe(200)
  const { tools } = (await response.json()) as { tools: PinView[] }
  return new Map(tools.map((t) => [t.name, t]))
}

const notify = { user_id: 'u-42', message: 'Your order has shipped.', channel: 'email' }

describe('rug-pull quarantine flow', () => {
  it('pins on first sight, quarantines a changed definition, and lifts it on approval of the new hash', async () => {
    const token = await mintToken({ scopes: TRUSTED, tier: 'premium', sub: agentId('pins') })
    const before = await connect(token)
    expect((await before.client.listTools()).tools.map((t) => t.name)).toContain('send_notification')
    await expectToolText(before.client.callTool({ name: 'send_notification', arguments: notify }), /^Notification queued for u-42 via email\.$/)
    const pinned = (await pins()).get('send_notification')!
    expect(pinned).toMatchObject({ status: 'pinned', pending: null })

    // Mid-test, the demo server changes send_notification's description (a rug pull).
    const changed = await connect(token, { query: '?demo_variant=rugpull' })
    const listed = (await changed.client.listTools()).tools.map((t) => t.name)
    expect(listed).not.toContain('send_notification')
    expect(listed).toContain('search_products')
    const quarantined = (await pins()).get('send_notification')!
    expect(quarantined.status).toBe('quarantined')
    expect(quarantined.pending).toMatch(/^[0-9a-f]{64}$/)
    expect(quarantined.pending).not.toBe(pinned.pinned)

    // Calls are refused on every connection, in-band, and never reach the origin.
    await expectRpcError(before.client.callTool({ name: 'send_notification', arguments: notify }), 'MCP_TOOL_QUARANTINED')
    expect(await originSaw(before.lastPost().requestId)).toBe(false)
    const raw = await post(token, call(9, 'send_notification', notify))
    expect(raw.status).toBe(200)
    expect(raw.body).toMatchObject({ id: 9, error: { code: -32003, data: { code: 'MCP_TOOL_QUARANTINED' } } })
    expect(await originSaw(raw.requestId)).toBe(false)
    // Other tools are unaffected.
    await expectToolText(before.client.callTool({ name: 'search_products', arguments: { query: 'shoe' } }), /"name":"Trail shoe #\d+"/)

    // Approval must name the exact hash reviewed.
    const wrong = await admin('/mcp/tools/send_notification/approve', { method: 'POST', body: JSON.stringify({ hash: 'f'.repeat(64) }) })
    expect(wrong.response.status).toBe(400)
    expect(((await wrong.response.json()) as { code: string }).code).toBe('ADMIN_BAD_REQUEST')
    const ok = await admin('/mcp/tools/send_notification/approve', { method: 'POST', body: JSON.stringify({ hash: quarantined.pending }) })
    expect(ok.response.status).toBe(200)

    expect((await changed.client.listTools()).tools.map((t) => t.name)).toContain('send_notification')
    await expectToolText(changed.client.callTool({ name: 'send_notification', arguments: notify }), /^Notification queued for u-42 via email\.$/)
    expect((await pins()).get('send_notification')).toMatchObject({ status: 'pinned', pinned: quarantined.pending, pending: null })

    // The old definition is now the changed one: serving it again quarantines the tool again.
    expect((await before.client.listTools()).tools.map((t) => t.name)).not.toContain('send_notification')
    expect((await pins()).get('send_notification')!.status).toBe('quarantined')
    await before.client.close()
    await changed.client.close()
  })

  it("an untrusted agent's variant (poisoned search_products) is hidden from it alone, never quarantined for others", async () => {
    const token = await mintToken({ scopes: ALL, tier: 'premium', sub: agentId('pins-untrusted') })
    const normal = await connect(token)
    expect((await normal.client.listTools()).tools.map((t) => t.name)).toContain('search_products')
    const before = (await pins()).get('search_products')
    const variant = await connect(token, { query: '?demo_variant=poison' })
    expect((await variant.client.listTools()).tools.map((t) => t.name)).not.toContain('search_products')
    expect((await pins()).get('search_products')).toMatchObject({ pinned: before?.pinned, pending: null })
    expect((await normal.client.listTools()).tools.map((t) => t.name)).toContain('search_products')
    await expectToolText(normal.client.callTool({ name: 'search_products', arguments: { query: 'shoe' } }), /"name":"Trail shoe #\d+"/)
    expect(await originSaw(normal.lastPost().requestId)).toBe(true)
    await normal.client.close()
    await variant.client.close()
  })

  it('the admin API needs the admin token', async () => {
    const { response } = await send('/_tollgate/admin/mcp/tools', { headers: { authorization: 'Bearer nope' } })
    expect(response.status).toBe(401)
  })
})
