/**
 * Durable Object bindings through the edge: checked at load (a missing one fails the whole gateway
 * closed, naming it in the log), and reached only through the clients, whose deadline and
 * fail-closed mapping turn any outage into a 503 with Retry-After. The origin is never called.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { appFor } from '../../../src/index'
import { originSaw, requestId } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'
import { requestToken } from '../issuer/support'

afterEach(() => vi.restoreAllMocks())

/** Sends through the app built for `e` (its config is parsed on first use). */
async function callWith(e: object, path: string, init: RequestInit = {}): Promise<{ res: Response; id: string }> {
  const id = requestId()
  const headers = new Headers(init.headers)
  headers.set('x-request-id', id)
  const ctx = createExecutionContext()
  const res = await appFor(e).fetch(new Request(`https://edge.test${path}`, { ...init, headers }), e as typeof env, ctx)
  await waitOnExecutionContext(ctx)
  return { res, id }
}

/** A namespace whose objects fail every call: `hang` never answers, `throw` rejects. */
function broken(mode: 'hang' | 'throw') {
  const call = () => (mode === 'hang' ? new Promise(() => {}) : Promise.reject(new Error('object reset')))
  return { getByName: () => new Proxy({}, { get: () => call }) }
}

const mcpCall = (token: string) => ({
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'search_products', arguments: { query: 'tent' } } }),
})

describe('bindings, route schemas and rule modes are checked at load', () => {
  it.each([
    ['TOOL_PINS', { TOOL_PINS: undefined }],
    ['AGENT_GUARD', { AGENT_GUARD: undefined }],
    ['AGENT_GUARD', { AGENT_GUARD: 'AgentGuard' }],
    ['CLIENT_AUTH_LIMITER', { CLIENT_AUTH_LIMITER: undefined }],
    ['ROUTES[9].schema', { ROUTES: [...(env['ROUTES'] as unknown[]).slice(0, 9), { method: 'POST', path: '/api/bad', schema: { type: 'object', properties: { q: { type: 'string', pattern: '([' } } } }] }],
    ['SCREENING_RULE_MODES["PI-999"]', { SCREENING_RULE_MODES: { 'PI-999': 'log' } }],
  ])('without a working %s the gateway answers 500 GATEWAY_MISCONFIGURED and the log names it', async (binding, patch) => {
    const errors = vi.spyOn(console, 'error')
    const token = await mintToken({ scopes: ['products:read'] })
    const { res, id } = await callWith({ ...env, ...patch }, '/api/products', { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(500)
    expect(await res.json()).toMatchObject({ code: 'GATEWAY_MISCONFIGURED', request_id: expect.any(String) })
    expect(res.headers.get('x-request-id')).toBeTruthy()
    const logged = errors.mock.calls.map((c) => String(c[0])).find((l) => l.includes('config_invalid'))
    expect((JSON.parse(logged!) as { message: string }).message).toContain(`→ at ${binding}`)
    expect(await originSaw(id)).toBe(false)
  })
})

describe('an unreachable Durable Object fails closed with 503 and Retry-After', () => {
  it.each(['hang', 'throw'] as const)('TOOL_PINS that %s: a tool call is refused, never forwarded', async (mode) => {
    const token = await mintToken({ scopes: ['search:execute'], sub: agentId('pins-down') })
    const { res, id } = await callWith({ ...env, TOOL_PINS: broken(mode), GUARD_TIMEOUT_MS: 100 }, '/mcp', mcpCall(token))
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('2')
    const body = (await res.json()) as { id: unknown; error: { data: Record<string, unknown> } }
    expect(body.id).toBe(3)
    expect(body.error.data).toMatchObject({ code: 'GUARD_UNAVAILABLE', status: 503 })
    expect(await originSaw(id)).toBe(false)
  })

  it.each(['hang', 'throw'] as const)('AGENT_GUARD that %s: the admin API answers 503, not 500', async (mode) => {
    const { res } = await callWith({ ...env, AGENT_GUARD: broken(mode), GUARD_TIMEOUT_MS: 100 }, `/_tollgate/admin/agents/${agentId('admin-down')}/snapshot`, {
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` },
    })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('2')
    expect(await res.json()).toMatchObject({ code: 'GUARD_UNAVAILABLE' })
  })

  it.each(['hang', 'throw'] as const)('CLIENT_AUTH_LIMITER that %s: no token, 503 temporarily_unavailable', async (mode) => {
    const r = await requestToken({ clientId: 't-default-tier', env: { ...env, CLIENT_AUTH_LIMITER: broken(mode), GUARD_TIMEOUT_MS: 100 } })
    expect(r.status).toBe(503)
    expect(r.body['error']).toBe('temporarily_unavailable')
    expect(r.headers.get('retry-after')).toBe('2')
    expect(r.body['access_token']).toBeUndefined()
  })
})
