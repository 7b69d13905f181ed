/**
 * Console access, CSRF, CSP and actions end to end in workerd: each action applies to the agent's very
 * next request; every refusal asserts status, code, the key header, and that nothing changed.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { originSaw, send } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'
import { BASE, get, ORIGIN, post, signIn } from './support'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

describe('sign-in', () => {
  it('pages without a session go to the sign-in page; actions are refused', async () => {
    for (const path of ['', '/events', '/pins', '/agents/agent-x']) {
      const r = await send(`${BASE}${path}`, { redirect: 'manual' })
      expect(r.response.status).toBe(303)
      expect(r.response.headers.get('location')).toBe(`${BASE}/login`)
    }
    const sub = agentId()
    const r = await send(`${BASE}/agents/${sub}/block`, { method: 'POST', redirect: 'manual', headers: { origin: ORIGIN, ...FORM }, body: 'reason=x' })
    expect(r.response.status).toBe(401)
    expect(await r.response.json()).toMatchObject({ code: 'ADMIN_UNAUTHORIZED' })
    expect(r.response.headers.get('www-authenticate')).toContain('tollgate-admin')
    expect((await env.AGENT_GUARD.getByName(sub).snapshot()).blocked).toBeNull()
  })

  it('the right token gets a __Host- session cookie: Secure, HttpOnly, SameSite=Strict, Path=/', async () => {
    const r = await send(`${BASE}/login`, { method: 'POST', redirect: 'manual', headers: { origin: ORIGIN, ...FORM }, body: `token=${env.ADMIN_TOKEN}` })
    expect(r.response.status).toBe(303)
    expect(r.response.headers.get('location')).toBe(BASE)
    const cookie = r.response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^__Host-tollgate_console=v1\./)
    for (const attr of ['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=3600']) expect(cookie).toContain(attr)
    expect(cookie).not.toMatch(/Domain=/i)
    expect(cookie).not.toContain(String(env.ADMIN_TOKEN))
  })

  it('over plain HTTP on loopback the cookie is unprefixed and not Secure; elsewhere plain HTTP is refused', async () => {
    const local = await send(`http://127.0.0.1:8787${BASE}/login`, { method: 'POST', redirect: 'manual', headers: { origin: 'http://127.0.0.1:8787', host: '127.0.0.1:8787', ...FORM }, body: `token=${env.ADMIN_TOKEN}` })
    expect(local.response.status).toBe(303)
    const cookie = local.response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^tollgate_console=v1\./)
    expect(cookie).not.toContain('Secure')
    const remote = await send(`http://console.example${BASE}/login`, { method: 'POST', redirect: 'manual', headers: { origin: 'http://console.example', ...FORM }, body: `token=${env.ADMIN_TOKEN}` })
    expect(remote.response.status).toBe(403)
    expect(await remote.response.json()).toMatchObject({ code: 'TLS_REQUIRED' })
  })

  it('a wrong token: 401 page, no cookie, and an auth_failure security event', async () => {
    const r = await send(`${BASE}/login`, { method: 'POST', redirect: 'manual', headers: { origin: ORIGIN, ...FORM, 'cf-connecting-ip': '198.51.100.201' }, body: 'token=wrong-token-0123456789' })
    expect(r.response.status).toBe(401)
    expect(r.response.headers.get('set-cookie')).toBeNull()
    expect(await r.response.text()).toContain('That is not the admin token.')
    const events = await send(`/_tollgate/admin/events?kind=auth_failure`, { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } })
    const body = (await events.response.json()) as { events: Array<{ requestId: string; details?: Record<string, unknown> }> }
    expect(body.events.find((e) => e.requestId === r.requestId)?.details).toMatchObject({ surface: 'console', client: '198.51.100.201' })
  })

  it('a login posted from another origin is refused before the token is looked at', async () => {
    const r = await send(`${BASE}/login`, { method: 'POST', redirect: 'manual', headers: { origin: 'https://evil.example', ...FORM }, body: `token=${env.ADMIN_TOKEN}` })
    expect(r.response.status).toBe(403)
    expect(await r.response.json()).toMatchObject({ code: 'CSRF_REJECTED' })
    expect(r.response.headers.get('set-cookie')).toBeNull()
  })

  it.each([
    ['forged', (c: string) => c.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'))],
    ['truncated', (c: string) => c.slice(0, -10)],
    ['foreign', () => '__Host-tollgate_console=v1.9999999999999.AAAAAAAAAAAAAAAAAAAAAAAA.admin-token.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('a %s session cookie is no session', async (_, tamper) => {
    const b = await signIn()
    const r = await get('/events', { ...b, cookie: tamper(b.cookie) })
    expect(r.response.status).toBe(303)
  })

  it('sign-out clears the cookie', async () => {
    const b = await signIn()
    const r = await post('/logout', b)
    expect(r.response.status).toBe(303)
    expect(r.response.headers.get('set-cookie')).toMatch(/^__Host-tollgate_console=;.*Max-Age=0/)
  })
})

describe('headers', () => {
  it('every page has a strict CSP with no inline script or style, no-store, and no inline script or style in the HTML', async () => {
    const b = await signIn()
    for (const path of ['', '/events', '/pins', `/agents/${agentId()}`, '/login']) {
      const r = await get(path, b)
      expect(r.response.status).toBe(200)
      const csp = r.response.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("style-src 'self'")
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('unsafe')
      expect(r.response.headers.get('cache-control')).toBe('no-store')
      expect(r.response.headers.get('x-frame-options')).toBe('DENY')
      const html = await r.response.text()
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/)
      expect(html).not.toMatch(/\sstyle=/)
      expect(html).not.toMatch(/<style/)
      expect(html).not.toMatch(/https?:\/\//)
    }
  })

  it('the stylesheet and script are served by the Worker (no CDN)', async () => {
    const css = await send(`${BASE}/assets/console.css`)
    expect(css.response.headers.get('content-type')).toContain('text/css')
    const js = await send(`${BASE}/assets/console.js`)
    expect(js.response.headers.get('content-type')).toContain('text/javascript')
    expect(await js.response.text()).not.toMatch(/https?:\/\//)
  })
})

describe('CSRF', () => {
  const cases: Array<[string, (b: { cookie: string; csrf: string }) => [Record<string, string>, Record<string, string>]]> = [
    ['no token', () => [{ _csrf: '' }, {}]],
    ['a wrong token', () => [{ _csrf: 'A'.repeat(43) }, {}]],
    ['another origin', (b) => [{ _csrf: b.csrf }, { origin: 'https://evil.example' }]],
    ['an opaque origin', (b) => [{ _csrf: b.csrf }, { origin: 'null' }]],
    ['the same host over another scheme', (b) => [{ _csrf: b.csrf }, { origin: 'http://edge.test' }]],
  ]
  it.each(cases)('a block with %s is refused and nothing changes', async (_, make) => {
    const b = await signIn()
    const sub = agentId()
    const [fields, headers] = make(b)
    const r = await post(`/agents/${sub}/block`, b, { reason: 'csrf', duration: '300', ...fields }, headers)
    expect(r.response.status).toBe(403)
    expect(await r.response.json()).toMatchObject({ code: 'CSRF_REJECTED' })
    expect((await env.AGENT_GUARD.getByName(sub).snapshot()).blocked).toBeNull()
  })

  it('a token from another session does not work', async () => {
    const one = await signIn()
    const two = await signIn()
    const sub = agentId()
    const r = await post(`/agents/${sub}/block`, { cookie: one.cookie, csrf: two.csrf }, { reason: 'x' })
    expect(r.response.status).toBe(403)
    expect((await env.AGENT_GUARD.getByName(sub).snapshot()).blocked).toBeNull()
  })

  it('without Origin, Sec-Fetch-Site: same-origin is accepted and cross-site is not', async () => {
    const b = await signIn()
    const sub = agentId()
    const cross = await send(`${BASE}/agents/${sub}/unblock`, { method: 'POST', redirect: 'manual', headers: { cookie: b.cookie, 'sec-fetch-site': 'cross-site', ...FORM }, body: `_csrf=${b.csrf}` })
    expect(cross.response.status).toBe(403)
    const same = await send(`${BASE}/agents/${sub}/unblock`, { method: 'POST', redirect: 'manual', headers: { cookie: b.cookie, 'sec-fetch-site': 'same-origin', ...FORM }, body: `_csrf=${b.csrf}` })
    expect(same.response.status).toBe(303)
  })
})

describe('actions apply to the very next request', () => {
  it('block → 403 AGENT_BLOCKED (origin not called); unblock → 200', async () => {
    const b = await signIn()
    const sub = agentId()
    const token = await mintToken({ sub, scopes: ['products:read'] })
    expect((await send('/api/products', { token })).response.status).toBe(200)
    const blocked = await post(`/agents/${sub}/block`, b, { reason: 'console test', duration: '3600' })
    expect(blocked.response.status).toBe(303)
    expect(blocked.response.headers.get('location')).toBe(`${BASE}/agents/${sub}?done=block`)
    const denied = await send('/api/products', { token })
    expect(denied.response.status).toBe(403)
    expect(await denied.response.json()).toMatchObject({ code: 'AGENT_BLOCKED' })
    expect(Number(denied.response.headers.get('retry-after'))).toBeGreaterThan(3500)
    expect(await originSaw(denied.requestId)).toBe(false)
    const page = await (await get(`/agents/${sub}`, b)).response.text()
    expect(page).toContain('console test')
    expect(page).toContain('blocked')
    expect((await post(`/agents/${sub}/unblock`, b)).response.status).toBe(303)
    expect((await send('/api/products', { token })).response.status).toBe(200)
  })

  it('an indefinite block has no Retry-After', async () => {
    const b = await signIn()
    const sub = agentId()
    const token = await mintToken({ sub, scopes: ['products:read'] })
    await post(`/agents/${sub}/block`, b, { reason: 'indefinite', duration: '' })
    const denied = await send('/api/products', { token })
    expect(denied.response.status).toBe(403)
    expect(denied.response.headers.get('retry-after')).toBeNull()
  })

  it.each([
    ['no reason', { reason: '' }, 'failed=reason'],
    ['a long reason', { reason: 'x'.repeat(501) }, 'failed=reason'],
    ['a negative duration', { reason: 'r', duration: '-5' }, 'failed=duration'],
    ['a fractional duration', { reason: 'r', duration: '1.5' }, 'failed=duration'],
    ['a text duration', { reason: 'r', duration: 'forever' }, 'failed=duration'],
  ])('a block with %s is not applied', async (_, fields, failed) => {
    const b = await signIn()
    const sub = agentId()
    const r = await post(`/agents/${sub}/block`, b, fields)
    expect(r.response.headers.get('location')).toContain(failed)
    expect((await env.AGENT_GUARD.getByName(sub).snapshot()).blocked).toBeNull()
  })

  it('revoke all → 401 TOKEN_REVOKED on the next request; reset clears usage', async () => {
    const b = await signIn()
    const sub = agentId()
    const token = await mintToken({ sub, scopes: ['products:read'] })
    expect((await send('/api/products', { token })).response.status).toBe(200)
    expect((await env.AGENT_GUARD.getByName(sub).snapshot()).admitted.total).toBe(1)
    expect((await post(`/agents/${sub}/reset`, b)).response.status).toBe(303)
    expect((await env.AGENT_GUARD.getByName(sub).snapshot()).admitted.total).toBe(0)
    expect((await post(`/agents/${sub}/revoke`, b)).response.status).toBe(303)
    const denied = await send('/api/products', { token })
    expect(denied.response.status).toBe(401)
    expect(await denied.response.json()).toMatchObject({ code: 'TOKEN_REVOKED' })
    expect(denied.response.headers.get('www-authenticate')).toContain('invalid_token')
    expect(await originSaw(denied.requestId)).toBe(false)
  })

  it('operator actions are security events; an invalid agent id is refused', async () => {
    const b = await signIn()
    const sub = agentId()
    await post(`/agents/${sub}/block`, b, { reason: 'audited', duration: '300' })
    const page = await (await get(`/events?agent=${sub}&kind=admin_action`, b)).response.text()
    expect(page).toContain('ADMIN_BLOCK')
    expect(page).toContain('audited')
    const bad = await post('/agents/bad%20id/block', b, { reason: 'x' })
    expect(bad.response.status).toBe(400)
    expect(await bad.response.json()).toMatchObject({ code: 'ADMIN_BAD_REQUEST' })
  })

  it('an oversized or non-form body is refused', async () => {
    const b = await signIn()
    const big = await post(`/agents/${agentId()}/block`, b, { reason: 'x'.repeat(9000) })
    expect(big.response.status).toBe(413)
    expect(await big.response.json()).toMatchObject({ code: 'BODY_TOO_LARGE' })
    const json = await send(`${BASE}/agents/${agentId()}/unblock`, { method: 'POST', redirect: 'manual', headers: { cookie: b.cookie, origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ _csrf: b.csrf }) })
    expect(json.response.status).toBe(415)
  })
})
