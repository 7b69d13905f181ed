/**
 * Issue 12 items 10–12 through the real edge and demo origin: override headers and the agent's Host
 * never reach the origin; CF-Connecting-IP becomes X-Forwarded-For only when trusted; URLs Tollgate
 * publishes come from PUBLIC_URL, never from Host.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, it } from 'vitest'
import worker from '../../../src/index'
import { originSaw, requestId, send } from '../../support/http'
import { mintToken } from '../../support/tokens'

type Received = { received: { method: string; path: string; headers: Record<string, string> } }

const OVERRIDES: Record<string, string> = {
  'x-http-method-override': 'DELETE',
  'x-http-method': 'DELETE',
  'x-method-override': 'DELETE',
  'x-original-url': '/api/users/me/data',
  'x-rewrite-url': '/api/users/me/data',
  'x-original-uri': '/api/users/me/data',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'http',
  'x-forwarded-prefix': '/admin',
  'x-forwarded-port': '8443',
  'x-forwarded-for': '10.1.2.3',
  forwarded: 'for=10.1.2.3;host=evil.example;proto=http',
  'x-real-ip': '10.1.2.3',
  'true-client-ip': '10.1.2.3',
  'x-host': 'evil.example',
  'cf-connecting-ip': '10.1.2.3',
}

/** Calls the Worker with the test env plus `extra` (a separate config), as a client on `host`. */
async function call(path: string, init: RequestInit & { token?: string }, extra: Record<string, unknown> = {}, host = 'edge.test') {
  const headers = new Headers(init.headers)
  const id = requestId()
  headers.set('x-request-id', id)
  if (init.token) headers.set('authorization', `Bearer ${init.token}`)
  const ctx = createExecutionContext()
  const response = await worker.fetch(new Request(`https://${host}${path}`, { ...init, headers }) as never, { ...env, ...extra } as never, ctx)
  await waitOnExecutionContext(ctx)
  return { response, requestId: id }
}

describe('override headers never reach the origin', () => {
  it.for(['GET /api/products', 'POST /api/search', 'GET /api/users/me'] as const)('%s: the origin sees none of them', async (route, { expect }) => {
    const [method, path] = route.split(' ') as [string, string]
    const scopes = { '/api/products': 'products:read', '/api/search': 'search:execute', '/api/users/me': 'users:read' }[path]!
    const token = await mintToken({ scopes: [scopes] })
    const body = method === 'POST' ? JSON.stringify({ query: 'lamp' }) : undefined
    const { response } = await send(path, { method, token, headers: { ...OVERRIDES, 'content-type': 'application/json' }, ...(body ? { body } : {}) })
    expect(response.status).toBe(200)
    const seen = ((await response.json()) as Received).received
    expect(seen.method).toBe(method)
    expect(seen.path).toBe(path)
    for (const name of Object.keys(OVERRIDES)) expect(seen.headers[name], name).toBeUndefined()
  })

  it.for(['evil.example', 'localhost:8787', '169.254.169.254'])("the agent's Host %s is not forwarded", async (host, { expect }) => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { response } = await call('/api/products', { token }, {}, host)
    const seen = ((await response.json()) as Received).received
    expect(seen.headers['host']).not.toBe(host)
  })

  it('with ORIGIN_HOST set, the origin gets that Host', async ({ expect }) => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { response } = await call('/api/products', { token, headers: { host: 'evil.example' } }, { ORIGIN_HOST: 'shop.internal.example' })
    expect(((await response.json()) as Received).received.headers['host']).toBe('shop.internal.example')
  })
})

describe('client address', () => {
  it.for(['203.0.113.7', '2001:db8::7'])('trusted (behind the edge): CF-Connecting-IP %s becomes X-Forwarded-For', async (ip, { expect }) => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { response } = await call('/api/products', { token, headers: { 'cf-connecting-ip': ip, 'x-forwarded-for': '10.9.9.9' } }, { TRUST_CF_CONNECTING_IP: 'true' })
    const seen = ((await response.json()) as Received).received.headers
    expect(seen['x-forwarded-for']).toBe(ip)
    expect(seen['cf-connecting-ip']).toBeUndefined()
  })

  it.for(['203.0.113.7', '127.0.0.1'])('untrusted (the default): a client-sent CF-Connecting-IP %s is dropped, not forwarded', async (ip, { expect }) => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { response } = await send('/api/products', { token, headers: { 'cf-connecting-ip': ip } })
    const seen = ((await response.json()) as Received).received.headers
    expect(seen['x-forwarded-for']).toBeUndefined()
    expect(seen['cf-connecting-ip']).toBeUndefined()
  })
})

describe('published URLs come from PUBLIC_URL, never from Host', () => {
  const HOSTS = ['evil.example', 'attacker.test:8443', 'origin.internal']

  it.for(HOSTS)('401 challenge with Host %s names PUBLIC_URL', async (host, { expect }) => {
    const { response, requestId: id } = await call('/api/products', {}, {}, host)
    expect(response.status).toBe(401)
    expect(((await response.json()) as { code: string }).code).toBe('AUTH_MISSING')
    expect(response.headers.get('www-authenticate')).toContain('resource_metadata="http://localhost:8787/.well-known/oauth-protected-resource"')
    expect(response.headers.get('www-authenticate')).not.toContain(host)
    expect(await originSaw(id)).toBe(false)
  })

  it.for(HOSTS)('403 insufficient_scope with Host %s names PUBLIC_URL', async (host, { expect }) => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { response } = await call('/api/users/me', { token }, {}, host)
    expect(response.status).toBe(403)
    expect(response.headers.get('www-authenticate')).toContain('resource_metadata="http://localhost:8787/')
    expect(response.headers.get('www-authenticate')).not.toContain(host)
  })

  it.for(HOSTS)('RFC 9728 metadata with Host %s: resource is PUBLIC_URL', async (host, { expect }) => {
    const { response } = await call('/.well-known/oauth-protected-resource', {}, {}, host)
    const meta = (await response.json()) as Record<string, unknown>
    expect(meta['resource']).toBe('http://localhost:8787')
    expect(JSON.stringify(meta)).not.toContain(host)
    expect(meta).not.toHaveProperty('resource_signing_alg_values_supported')
  })

  it('a 401 on the MCP endpoint points at the path-suffixed metadata, whose resource is the MCP URL', async ({ expect }) => {
    const { response } = await call('/mcp', { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"ping"}', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, { DEV_ALLOW_INSECURE: 'true', MCP_REQUIRE_TLS: 'false' }, 'evil.example')
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toContain('resource_metadata="http://localhost:8787/.well-known/oauth-protected-resource/mcp"')
    const meta = (await (await send('/.well-known/oauth-protected-resource/mcp')).response.json()) as Record<string, unknown>
    expect(meta['resource']).toBe('http://localhost:8787/mcp')
  })

  it.for(HOSTS)('issuer metadata (RFC 8414, publicly cached) with Host %s: every URL on PUBLIC_URL', async (host, { expect }) => {
    // The workers project enables the issuer (test/workers/issuer/bindings.ts).
    const { response } = await call('/.well-known/oauth-authorization-server', {}, {}, host)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toContain('public')
    const meta = (await response.json()) as Record<string, string>
    expect(meta['token_endpoint']).toBe('http://localhost:8787/oauth/token')
    expect(meta['jwks_uri']).toBe('http://localhost:8787/.well-known/jwks.json')
    expect(JSON.stringify(meta)).not.toContain(host)
  })
})
