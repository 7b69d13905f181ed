/**
 * Issue 12 item 13: failed admin authentications are limited per client address (10 per 15 minutes
 * by default) with Retry-After; the right token does not get in while an address is throttled; the
 * console login draws on the same budget; every failure is an auth_failure security event.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { SecurityEvent } from '../../../src/events/event'
import { originSaw, send } from '../../support/http'

const RIGHT = `Bearer ${env.ADMIN_TOKEN}`
let n = 0
const address = () => `192.0.2.${++n}`

const snapshot = (ip: string, auth: string) => send('/_tollgate/admin/agents/agent-x/snapshot', { headers: { authorization: auth, 'cf-connecting-ip': ip } })

describe('admin brute-force limit', () => {
  it('ten wrong tokens, then 429 ADMIN_AUTH_THROTTLED with Retry-After, even for the right token', async () => {
    const ip = address()
    for (let i = 0; i < 10; i++) {
      const r = await snapshot(ip, `Bearer wrong-token-${i}-0123456789`)
      expect(r.response.status).toBe(401)
      expect(await r.response.json()).toMatchObject({ code: 'ADMIN_UNAUTHORIZED' })
      expect(r.response.headers.get('www-authenticate')).toBe('Bearer realm="tollgate-admin"')
    }
    for (const auth of ['Bearer wrong-token-again-0123456789', RIGHT, '']) {
      const r = await snapshot(ip, auth)
      expect(r.response.status).toBe(429)
      expect(await r.response.json()).toMatchObject({ code: 'ADMIN_AUTH_THROTTLED' })
      const retry = Number(r.response.headers.get('retry-after'))
      expect(retry).toBeGreaterThan(800)
      expect(retry).toBeLessThanOrEqual(900)
      expect(await originSaw(r.requestId)).toBe(false)
    }
  })

  it('another address is not throttled by the first one', async () => {
    const noisy = address()
    for (let i = 0; i < 10; i++) await snapshot(noisy, 'Bearer wrong-token-0123456789')
    expect((await snapshot(noisy, RIGHT)).response.status).toBe(429)
    expect((await snapshot(address(), RIGHT)).response.status).toBe(200)
  })

  it('successes are refunded: the right token many times never throttles', async () => {
    const ip = address()
    for (let i = 0; i < 25; i++) expect((await snapshot(ip, RIGHT)).response.status).toBe(200)
    const failures = await env.ADMIN_AUTH_LIMITER.getByName('admin-auth').failures(ip)
    expect(failures.address).toBe(0)
  })

  it('a missing or malformed Authorization header counts as a failure', async () => {
    const ip = address()
    for (const auth of ['', 'Basic YWRtaW46YWRtaW4=', 'Bearer', `bearer ${env.ADMIN_TOKEN}`]) expect((await snapshot(ip, auth)).response.status).toBe(401)
    expect((await env.ADMIN_AUTH_LIMITER.getByName('admin-auth').failures(ip)).address).toBe(4)
  })

  it('console sign-in failures and admin API failures share one budget per address', async () => {
    const ip = address()
    for (let i = 0; i < 5; i++) {
      const r = await send('/_tollgate/admin/console/login', {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: 'https://edge.test', 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip },
        body: `token=wrong-${i}-0123456789abcdef`,
      })
      expect(r.response.status).toBe(401)
    }
    for (let i = 0; i < 5; i++) expect((await snapshot(ip, 'Bearer wrong-token-0123456789')).response.status).toBe(401)
    const login = await send('/_tollgate/admin/console/login', {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'https://edge.test', 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip },
      body: `token=${env.ADMIN_TOKEN}`,
    })
    expect(login.response.status).toBe(429)
    expect(Number(login.response.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(login.response.headers.get('set-cookie')).toBeNull()
    expect((await snapshot(ip, RIGHT)).response.status).toBe(429)
  })

  it('an IPv6 client is counted by its /64', async () => {
    for (let i = 0; i < 10; i++) await snapshot(`2001:db8:77:1::${i + 1}`, 'Bearer wrong-token-0123456789')
    expect((await snapshot('2001:db8:77:1::ffff', RIGHT)).response.status).toBe(429)
    expect((await snapshot('2001:db8:77:2::1', RIGHT)).response.status).toBe(200)
  })

  it('every failure is an auth_failure security event naming the address', async () => {
    const ip = address()
    const wrong = await snapshot(ip, 'Bearer wrong-token-0123456789')
    const r = await send('/_tollgate/admin/events?kind=auth_failure&limit=1000', { headers: { authorization: RIGHT } })
    const events = ((await r.response.json()) as { events: SecurityEvent[] }).events
    const e = events.find((x) => x.requestId === wrong.requestId)
    expect(e).toMatchObject({ kind: 'auth_failure', code: 'ADMIN_UNAUTHORIZED', agentId: null, status: 401, details: { client: ip } })
    expect(JSON.stringify(e)).not.toContain('wrong-token')
  })
})
