/** The overall limit on failed admin authentications holds across addresses (its own file: one limiter object per file). */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { expect, it } from 'vitest'
import { appFor } from '../../../src/index'

const bindings = { ...env, ADMIN_MAX_FAILED_AUTH: 3, ADMIN_MAX_FAILED_AUTH_TOTAL: 6, ADMIN_FAILED_AUTH_WINDOW_SECONDS: 60 }

async function snapshot(ip: string, token: string) {
  const ctx = createExecutionContext()
  const r = await appFor(bindings).fetch(new Request('https://edge.test/_tollgate/admin/agents/agent-x/snapshot', { headers: { authorization: `Bearer ${token}`, 'cf-connecting-ip': ip } }), bindings, ctx)
  await waitOnExecutionContext(ctx)
  return r
}

it('failures spread over many addresses hit the overall limit, which then refuses everybody', async () => {
  for (let i = 1; i <= 6; i++) expect((await snapshot(`198.18.0.${i}`, 'wrong-token-0123456789')).status).toBe(401)
  const fresh = await snapshot('198.18.1.1', String(env.ADMIN_TOKEN))
  expect(fresh.status).toBe(429)
  expect(await fresh.json()).toMatchObject({ code: 'ADMIN_AUTH_THROTTLED' })
  expect(Number(fresh.headers.get('retry-after'))).toBeGreaterThan(0)
  expect(Number(fresh.headers.get('retry-after'))).toBeLessThanOrEqual(60)
})

it('an unreachable limiter fails closed: 503 ADMIN_AUTH_UNAVAILABLE, the token is not checked', async () => {
  const broken = { ...env, ADMIN_AUTH_LIMITER: { getByName: () => ({ acquire: () => Promise.reject(new Error('down')) }) } }
  const ctx = createExecutionContext()
  const r = await appFor(broken).fetch(new Request('https://edge.test/_tollgate/admin/agents/agent-x/snapshot', { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } }), broken, ctx)
  await waitOnExecutionContext(ctx)
  expect(r.status).toBe(503)
  expect(await r.json()).toMatchObject({ code: 'ADMIN_AUTH_UNAVAILABLE' })
  expect(r.headers.get('retry-after')).toBe('2')
})

it('with ADMIN_TOKEN set, a missing limiter binding is a configuration error naming it', async () => {
  const { ADMIN_AUTH_LIMITER: _, ...rest } = env as Record<string, unknown>
  const ctx = createExecutionContext()
  const r = await appFor(rest).fetch(new Request('https://edge.test/_tollgate/admin/agents/agent-x/snapshot', { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } }), rest, ctx)
  expect(r.status).toBe(500)
  expect(await r.json()).toMatchObject({ code: 'GATEWAY_MISCONFIGURED' })
})
