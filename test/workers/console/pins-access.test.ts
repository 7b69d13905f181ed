/**
 * The console's pin review with a real rug pull from the demo MCP server; Cloudflare Access sign-in
 * with assertions signed by a test key served as the team's certs; attacker-chosen request paths
 * rendered inert in the live feed.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { appFor } from '../../../src/index'
import { send } from '../../support/http'
import { expectInert, XSS_PAYLOADS } from '../../support/html'
import { agentId, mintToken } from '../../support/tokens'
import { connect, expectRpcError } from '../mcp/support'
import { BASE, get, post, signIn } from './support'

const notify = { user_id: 'u-42', message: 'Your order has shipped.', channel: 'email' }

describe('MCP pins awaiting review', () => {
  it('shows the pinned and the new definition side by side; approval in the console applies to the next call', async () => {
    // A trusted observer (MCP_PIN_SCOPE): only its listings may quarantine a tool (docs/mcp.md).
    const token = await mintToken({ scopes: ['search:execute', 'orders:read', 'notifications:send', 'mcp:pin'], tier: 'premium', sub: agentId('console-pins') })
    const before = await connect(token)
    await before.client.listTools()
    const changed = await connect(token, { query: '?demo_variant=rugpull' })
    expect((await changed.client.listTools()).tools.map((t) => t.name)).not.toContain('send_notification')
    await expectRpcError(changed.client.callTool({ name: 'send_notification', arguments: notify }), 'MCP_TOOL_QUARANTINED')

    const b = await signIn()
    const page = await (await get('/pins', b)).response.text()
    expect(page).toContain('quarantined')
    expect(page).toContain('Copies are retained for quality review.')
    expect(page).toContain('Send a short notification to one user over email, SMS or push.')
    const pending = /name="hash" value="([0-9a-f]{64})"\/><input type="hidden" name="decision" value="approve"/.exec(page)?.[1]
    expect(pending).toBeDefined()

    // A stale or forged hash is not approved.
    const stale = await post('/pins/send_notification/review', b, { hash: 'f'.repeat(64), decision: 'approve' })
    expect(stale.response.headers.get('location')).toBe(`${BASE}/pins?failed=approve`)
    const noCsrf = await post('/pins/send_notification/review', { ...b, csrf: '' }, { hash: pending!, decision: 'approve' })
    expect(noCsrf.response.status).toBe(403)

    const ok = await post('/pins/send_notification/review', b, { hash: pending!, decision: 'approve' })
    expect(ok.response.headers.get('location')).toBe(`${BASE}/pins?done=approve`)
    expect((await changed.client.listTools()).tools.map((t) => t.name)).toContain('send_notification')
    await expect(changed.client.callTool({ name: 'send_notification', arguments: notify })).resolves.toBeTruthy()
    await before.client.close()
    await changed.client.close()
  })
})

describe('Cloudflare Access', () => {
  const TEAM = 'acme-test'
  const AUD = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0a1b2'
  const bindings = { ...env, CONSOLE_ACCESS_TEAM: TEAM, CONSOLE_ACCESS_AUD: AUD }
  let sign: (claims: Record<string, unknown>, o?: { iss?: string; aud?: string; exp?: number }) => Promise<string>
  let certsFetched = 0

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true })
    const jwk = { ...(await exportJWK(publicKey)), kid: 'access-test', alg: 'RS256', use: 'sig' }
    const realFetch = globalThis.fetch
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input)
      if (url === `https://${TEAM}.cloudflareaccess.com/cdn-cgi/access/certs`) {
        certsFetched++
        return Response.json({ keys: [jwk] })
      }
      return realFetch(input as RequestInfo, init)
    })
    sign = (claims, o = {}) => {
      const now = Math.floor(Date.now() / 1000)
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'access-test' })
        .setIssuer(o.iss ?? `https://${TEAM}.cloudflareaccess.com`)
        .setAudience(o.aud ?? AUD)
        .setIssuedAt(now)
        .setExpirationTime(o.exp ?? now + 300)
        .setSubject('user-1')
        .sign(privateKey)
    }
  })
  afterAll(() => vi.restoreAllMocks())

  async function visit(path: string, headers: Record<string, string>, method = 'GET', body?: string) {
    const ctx = createExecutionContext()
    const r = await appFor(bindings).fetch(new Request(`https://edge.test${BASE}${path}`, { method, headers, redirect: 'manual', ...(body ? { body } : {}) }), bindings, ctx)
    await waitOnExecutionContext(ctx)
    return r
  }

  it('a valid assertion opens the console as its email; actions need its CSRF token', async () => {
    const assertion = await sign({ email: 'ops@example.com' })
    const r = await visit('/events', { 'cf-access-jwt-assertion': assertion, 'cf-connecting-ip': '203.0.113.50' })
    expect(r.status).toBe(200)
    const html = await r.text()
    expect(html).toContain('access:ops@example.com')
    expect(certsFetched).toBeGreaterThan(0)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
    const sub = agentId()
    const form = { 'cf-access-jwt-assertion': assertion, origin: 'https://edge.test', 'content-type': 'application/x-www-form-urlencoded' }
    expect((await visit(`/agents/${sub}/block`, form, 'POST', `reason=access&duration=300&_csrf=${csrf}`)).status).toBe(303)
    expect((await env.AGENT_GUARD.getByName(sub).snapshot()).blocked?.reason).toBe('access')
    expect((await visit(`/agents/${sub}/unblock`, form, 'POST', `_csrf=${'A'.repeat(43)}`)).status).toBe(403)
  })

  it.each([
    ['another audience', { aud: 'f'.repeat(64) }],
    ['another team', { iss: 'https://evil.cloudflareaccess.com' }],
    ['an expired assertion', { exp: Math.floor(Date.now() / 1000) - 120 }],
  ])('%s is 401 ADMIN_UNAUTHORIZED', async (_, o) => {
    const r = await visit('/events', { 'cf-access-jwt-assertion': await sign({ email: 'ops@example.com' }, o), 'cf-connecting-ip': '203.0.113.51' })
    expect(r.status).toBe(401)
    expect(await r.json()).toMatchObject({ code: 'ADMIN_UNAUTHORIZED' })
  })

  it('a forged or junk assertion is refused; without one, the sign-in page', async () => {
    const good = await sign({ email: 'ops@example.com' })
    const forged = `${good.split('.').slice(0, 2).join('.')}.${'A'.repeat(342)}`
    for (const assertion of [forged, 'junk', `${good}x`]) expect((await visit('/events', { 'cf-access-jwt-assertion': assertion, 'cf-connecting-ip': '203.0.113.52' })).status).toBe(401)
    const none = await visit('/events', {})
    expect(none.status).toBe(303)
  })
})

describe('attacker-chosen paths in the live feed', () => {
  it.each(XSS_PAYLOADS.map((p) => [p]))('a request to /api/%s renders inert', async (payload) => {
    const token = await mintToken({ sub: agentId('xss'), scopes: ['products:read'] })
    const target = `/api/${encodeURIComponent(payload)}`
    const denied = await send(target, { token })
    expect(denied.response.status).toBeGreaterThanOrEqual(400)
    const b = await signIn()
    const feed = await get(`/events?limit=50`, b)
    const html = await feed.response.text()
    expect(html).toContain(denied.requestId)
    expectInert(html, BASE)
    const overview = await (await get('', b)).response.text()
    expectInert(overview, BASE)
  })
})
