/** @module Console test helpers: sign in, keep the cookie, post forms with the CSRF token and Origin. */
import { env } from 'cloudflare:workers'
import { send, type Sent } from '../../support/http'

export const BASE = '/_tollgate/admin/console'
export const ORIGIN = 'https://edge.test'

export type Browser = { cookie: string; csrf: string }

export async function signIn(address = '198.51.100.7'): Promise<Browser> {
  const login = await send(`${BASE}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': address },
    body: new URLSearchParams({ token: String(env.ADMIN_TOKEN) }).toString(),
  })
  if (login.response.status !== 303) throw new Error(`login answered ${login.response.status}`)
  const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const page = await get('/events', { cookie, csrf: '' })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.response.text())?.[1] ?? ''
  return { cookie, csrf }
}

export function get(path: string, b: Browser, headers: Record<string, string> = {}): Promise<Sent> {
  return send(`${BASE}${path}`, { redirect: 'manual', headers: { cookie: b.cookie, ...headers } })
}

export function post(path: string, b: Browser, fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Sent> {
  return send(`${BASE}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: b.cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ _csrf: b.csrf, ...fields }).toString(),
  })
}
