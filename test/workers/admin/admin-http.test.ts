/** Admin API end to end through HTTP: each action takes effect on the agent's very next request. */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { appFor } from '../../../src/index'
import { originSaw, send } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'

const ADMIN = `Bearer ${env.ADMIN_TOKEN}`

function admin(path: string, body?: unknown, auth: string | null = ADMIN) {
  const headers: Record<string, string> = {}
  if (auth) headers['authorization'] = auth
  if (body !== undefined) headers['content-type'] = 'application/json'
  return send(`/_tollgate/admin${path}`, { method: body === undefined && path.endsWith('/snapshot') ? 'GET' : 'POST', headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
}

describe('admin API', () => {
  it('block → 403 AGENT_BLOCKED on the next request; unblock → allowed again', async () => {
    const sub = agentId()
    const token = await mintToken({ sub, scopes: ['products:read'] })
    expect((await send('/api/products', { token })).response.status).toBe(200)
    const blocked = await admin(`/agents/${sub}/block`, { reason: 'investigating', duration_seconds: 600 })
    expect(blocked.response.status).toBe(200)
    const denied = await send('/api/products', { token })
    expect(denied.response.status).toBe(403)
    expect(await denied.response.json()).toMatchObject({ code: 'AGENT_BLOCKED' })
    expect(Number(denied.response.headers.get('retry-after'))).toBeGreaterThan(590)
    expect(await originSaw(denied.requestId)).toBe(false)
    // A fresh token does not get around a block.
    const fresh = await mintToken({ sub, scopes: ['products:read'] })
    expect((await send('/api/products', { token: fresh })).response.status).toBe(403)
    expect((await admin(`/agents/${sub}/unblock`, {})).response.status).toBe(200)
    expect((await send('/api/products', { token })).response.status).toBe(200)
  })

  it('an indefinite block has no Retry-After', async () => {
    const sub = agentId()
    const token = await mintToken({ sub, scopes: ['products:read'] })
    await admin(`/agents/${sub}/block`, { reason: 'abuse' })
    const denied = await send('/api/products', { token })
    expect(denied.response.status).toBe(403)
    expect(denied.response.headers.get('retry-after')).toBeNull()
  })

  it('revoke one jti → 401 TOKEN_REVOKED for that token only', async () => {
    const sub = agentId()
    const jti = crypto.randomUUID()
    const token = await mintToken({ sub, jti, scopes: ['products:read'] })
    const other = await mintToken({ sub, scopes: ['products:read'] })
    const exp = Math.floor(Date.now() / 1000) + 300
    expect((await admin(`/agents/${sub}/revoke`, { jti, exp })).response.status).toBe(200)
    const denied = await send('/api/products', { token })
    expect(denied.response.status).toBe(401)
    expect(await denied.response.json()).toMatchObject({ code: 'TOKEN_REVOKED' })
    expect(denied.response.headers.get('www-authenticate')).toContain('error="invalid_token"')
    expect(await originSaw(denied.requestId)).toBe(false)
    expect((await send('/api/products', { token: other })).response.status).toBe(200)
  })

  it('revoke all → every token issued so far dies; a token issued afterwards works', async () => {
    const sub = agentId()
    const old = await mintToken({ sub, scopes: ['products:read'], iatOffset: -5 })
    expect((await admin(`/agents/${sub}/revoke`, { all: true })).response.status).toBe(200)
    expect((await send('/api/products', { token: old })).response.status).toBe(401)
    const fresh = await mintToken({ sub, scopes: ['products:read'], iatOffset: 2 })
    expect((await send('/api/products', { token: fresh })).response.status).toBe(200)
  })

  it('snapshot shows usage, limits and flags; reset clears usage', async () => {
    const sub = agentId()
    const token = await mintToken({ sub, scopes: ['products:read'], tier: 'standard' })
    for (let i = 0; i < 3; i++) await send('/api/products', { token })
    const snap = await admin(`/agents/${sub}/snapshot`)
    expect(snap.response.status).toBe(200)
    const body = (await snap.response.json()) as { agentId: string; admitted: { total: number }; policies: Array<{ name: string; limit: number; remaining: number }>; blocked: unknown }
    expect(body.agentId).toBe(sub)
    expect(body.admitted.total).toBe(3)
    expect(body.blocked).toBeNull()
    expect(body.policies.find((p) => p.name === 'minute')).toMatchObject({ limit: 300, remaining: 297 })
    expect((await admin(`/agents/${sub}/reset`, {})).response.status).toBe(200)
    const after = (await (await admin(`/agents/${sub}/snapshot`)).response.json()) as { admitted: { total: number } }
    expect(after.admitted.total).toBe(0)
  })

  it.each([
    ['no token', null, 401, 'ADMIN_UNAUTHORIZED'],
    ['wrong token', 'Bearer not-the-admin-token', 401, 'ADMIN_UNAUTHORIZED'],
    ['an agent token', 'agent', 401, 'ADMIN_UNAUTHORIZED'],
  ])('%s → %i %s', async (_name, auth, status, code) => {
    const sub = agentId()
    const header = auth === 'agent' ? `Bearer ${await mintToken({ sub, scopes: ['products:read'] })}` : auth
    const { response, requestId } = await admin(`/agents/${sub}/block`, { reason: 'x' }, header)
    expect(response.status).toBe(status)
    expect(await response.json()).toMatchObject({ code })
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="tollgate-admin"')
    expect(await originSaw(requestId)).toBe(false)
    const snap = await env.AGENT_GUARD.getByName(sub).snapshot()
    expect(snap.blocked).toBeNull()
  })

  it.each([
    ['/agents/..%2f..%2fx/block', { reason: 'x' }, 'ADMIN_BAD_REQUEST'],
    ['/agents/ok-agent/block', { reason: '' }, 'ADMIN_BAD_REQUEST'],
    ['/agents/ok-agent/block', { reason: 'x', until: 1, duration_seconds: 5 }, 'ADMIN_BAD_REQUEST'],
    ['/agents/ok-agent/revoke', { jti: 'x' }, 'ADMIN_BAD_REQUEST'],
  ])('bad request %s → 400 %s', async (path, body, code) => {
    const { response, requestId } = await admin(path, body)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code })
    expect(response.headers.get('x-request-id')).toBe(requestId)
    expect(await originSaw(requestId)).toBe(false)
  })

  it('is absent (404) when ADMIN_TOKEN is unset', async () => {
    const ctx = createExecutionContext()
    const e = { ...env, ADMIN_TOKEN: undefined }
    const res = await appFor(e).fetch(new Request('https://edge.test/_tollgate/admin/agents/a/snapshot', { headers: { authorization: ADMIN } }), e, ctx)
    await waitOnExecutionContext(ctx)
    expect(res.status).toBe(404)
  })
})

describe('admin input checks', () => {
  it('a block "until" in the past (e.g. epoch seconds) is refused, not silently ineffective', async () => {
    const { response } = await admin(`/agents/${agentId()}/block`, { reason: 'x', until: Math.floor(Date.now() / 1000) })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'ADMIN_BAD_REQUEST' })
  })
})
