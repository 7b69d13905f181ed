/** @module Helpers for issuer tests in workerd: token requests, admin calls, decoding. */
import { env, exports } from 'cloudflare:workers'
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose'
import { appFor } from '../../../src/index'
import { testSecret } from './bindings'

export const EDGE = 'https://edge.test'

/** Fetch through the real entry, or through a modified env (its config is parsed on first use). */
export async function edge(request: Request, e?: object): Promise<Response> {
  if (!e) return exports.default.fetch(request)
  const ctx = createExecutionContext()
  const res = await appFor(e).fetch(request, e as typeof env, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

export type TokenRequestOptions = {
  clientId?: string
  secret?: string
  method?: 'basic' | 'post' | 'none'
  params?: Record<string, string>
  body?: string
  headers?: Record<string, string>
  query?: string
  env?: object
}

export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')
  return `Basic ${btoa(`${enc(id)}:${enc(secret)}`)}`
}

export async function requestToken(o: TokenRequestOptions = {}): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const id = o.clientId ?? 't-basic'
  const secret = o.secret ?? testSecret(id)
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...o.params })
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', ...o.headers })
  if ((o.method ?? 'basic') === 'basic') headers.set('authorization', basic(id, secret))
  else if (o.method === 'post') {
    form.set('client_id', id)
    form.set('client_secret', secret)
  }
  const res = await edge(new Request(`${EDGE}/oauth/token${o.query ?? ''}`, { method: 'POST', headers, body: o.body ?? form.toString() }), o.env)
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> }
}

export async function tokenFor(clientId: string, params: Record<string, string> = {}, e?: object): Promise<string> {
  const r = await requestToken({ clientId, params, ...(e ? { env: e } : {}) })
  if (r.status !== 200) throw new Error(`token for ${clientId}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body['access_token'] as string
}

export async function admin(path: string, body?: unknown): Promise<Response> {
  return exports.default.fetch(
    new Request(`${EDGE}/_tollgate/admin${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  )
}

export async function call(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('authorization', `Bearer ${token}`)
  return exports.default.fetch(new Request(`${EDGE}${path}`, { ...init, headers }))
}

export const decode = (token: string): { header: ReturnType<typeof decodeProtectedHeader>; claims: JWTPayload } => ({
  header: decodeProtectedHeader(token),
  claims: decodeJwt(token),
})
