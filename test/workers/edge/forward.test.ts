/** Happy path and forwarding hygiene: what reaches the origin, what comes back, streaming. */
import { describe, expect, it } from 'vitest'
import { originSaw, send, sendDirect } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'

type Echo = { received: { method: string; path: string; query: string; headers: Record<string, string>; body_bytes: number } }

describe('forwarding', () => {
  it('forwards with identity headers and without credentials or hop-by-hop headers', async () => {
    const sub = agentId()
    const token = await mintToken({ sub, scopes: ['products:read', 'orders:read'], tier: 'standard' })
    const { response, requestId } = await send('/api/products?page=2', {
      token,
      headers: {
        cookie: 'session=abc',
        connection: 'keep-alive, x-secret-hop',
        'x-secret-hop': 'should-not-pass',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        'proxy-authorization': 'Basic Zm9vOmJhcg==',
        'x-agent-id': sub,
        'x-agent-scopes': 'admin:everything',
        'x-agent-tier': 'internal',
        'x-tollgate-verified': 'true',
        'x-custom': 'kept',
      },
    })
    expect(response.status).toBe(200)
    const { received } = (await response.json()) as Echo
    expect(received.path).toBe('/api/products')
    expect(received.query).toBe('?page=2')
    expect(received.headers['x-agent-id']).toBe(sub)
    expect(received.headers['x-agent-scopes']).toBe('products:read orders:read')
    expect(received.headers['x-agent-tier']).toBe('standard')
    expect(received.headers['x-request-id']).toBe(requestId)
    expect(received.headers['x-custom']).toBe('kept')
    for (const stripped of ['authorization', 'cookie', 'x-secret-hop', 'keep-alive', 'te', 'proxy-authorization', 'x-tollgate-verified']) {
      expect(received.headers[stripped], stripped).toBeUndefined()
    }
    expect(JSON.stringify(received)).not.toContain(token)
    expect(response.headers.get('x-request-id')).toBe(requestId)
    expect(response.headers.get('x-demo-origin')).toBe('tollgate-demo')
  })

  it('carries RateLimit fields on every answer to an authenticated agent', async () => {
    const token = await mintToken({ scopes: ['products:read'], tier: 'standard' })
    const { response } = await send('/api/products', { token })
    expect(response.status).toBe(200)
    expect(response.headers.get('ratelimit-policy')).toMatch(/"minute";q=300;w=60/)
    expect(response.headers.get('ratelimit')).toMatch(/"minute";r=299;t=\d+/)
    expect(response.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/)
    expect(response.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/)
    expect(response.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/)
  })

  it('streams the origin response back chunk by chunk', async () => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { response } = await send('/api/stream', { token })
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    const chunks: string[] = []
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(new TextDecoder().decode(value))
    }
    expect(chunks.join('')).toBe('chunk-0\nchunk-1\nchunk-2\n')
  })

  it('streams a request body through on routes that do not inspect it', async () => {
    const token = await mintToken({ scopes: ['products:read'] })
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(1000).fill(97))
        c.enqueue(new Uint8Array(24).fill(98))
        c.close()
      },
    })
    const { response } = await send('/api/raw', { token, method: 'POST', body, duplex: 'half' } as RequestInit & { token: string })
    expect(response.status).toBe(404) // the demo origin has no /api/raw handler; it echoes what arrived
    const { received } = (await response.json()) as Echo
    expect(received.body_bytes).toBe(1024)
  })

  it('does not follow origin redirects (redirect: manual): the 302 reaches the agent, the target is never fetched', async () => {
    const token = await mintToken({ scopes: ['products:read'] })
    // Called directly: the pool's fetch would follow the 302 itself (to a path no route matches).
    const { response, requestId } = await sendDirect('/api/redirect', { token })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/api/redirect-target')
    expect(await originSaw(requestId)).toBe(true)
    expect(await originSaw(`followed:${requestId}`)).toBe(false)
  })
})

describe('path normalisation end to end', () => {
  it.each([
    ['/api//products', '/api/products'],
    ['/api/./products', '/api/products'],
    ['/api/orders/../products', '/api/products'],
    ['/api/%70roducts', '/api/products'],
    ['/api/products/%37', '/api/products/7'],
  ])('%s reaches the origin as %s', async (raw, canonical) => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { response } = await send(raw, { token })
    expect(response.status).toBe(200)
    expect(((await response.json()) as Echo).received.path).toBe(canonical)
  })

  it.each([
    '/api/products/..%2f..%2fusers/me',
    '/api/products%2F7',
    '/api/products/%2e%2e%5cusers',
    '/api/products/..;/users/me',
    '/api/%252e%252e/users/me',
    '/api/products%00',
    '/api/products/%0d%0a',
  ])('%s is refused before it can reach the origin', async (raw) => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { response, requestId } = await send(raw, { token })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'PATH_REJECTED' })
    expect(await originSaw(requestId)).toBe(false)
  })

  it.each(['/api/products/%2e%2e/users/me', '/api/products/../users/me', '/api/products/./../orders'])(
    '%s is judged by the policy of the path it really names',
    async (raw) => {
      const token = await mintToken({ scopes: ['products:read'] })
      const { response, requestId } = await send(raw, { token })
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({ code: 'INSUFFICIENT_SCOPE' })
      expect(await originSaw(requestId)).toBe(false)
    },
  )

  it('unmatched routes are denied by default, after authentication', async () => {
    const anonymous = await send('/api/admin/secrets')
    expect(anonymous.response.status).toBe(401)
    const token = await mintToken({ scopes: ['products:read'] })
    const { response, requestId } = await send('/api/admin/secrets', { token })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
    expect(await originSaw(requestId)).toBe(false)
  })

  it('a method the route table does not list is denied', async () => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { response, requestId } = await send('/api/products', { token, method: 'DELETE' })
    expect(response.status).toBe(404)
    expect(await originSaw(requestId)).toBe(false)
  })
})

describe('reserved paths', () => {
  it.each(['/mcp/', '//mcp', '/mcp/x', '//_tollgate/admin/agents/a/snapshot'])('%s never reaches the origin through the REST chain, even with UNMATCHED_ROUTES=allow', async (path) => {
    const { createExecutionContext, waitOnExecutionContext } = await import('cloudflare:test')
    const { env } = await import('cloudflare:workers')
    const { appFor } = await import('../../../src/index')
    const e = { ...env, UNMATCHED_ROUTES: 'allow' }
    const ctx = createExecutionContext()
    const token = await mintToken({ scopes: ['products:read'] })
    const id = `reserved-${crypto.randomUUID()}`
    const res = await appFor(e).fetch(
      new Request(`https://edge.test${path}`, { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"database_query","arguments":{}}}', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': id } }),
      e,
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
    expect(await originSaw(id)).toBe(false)
  })
})
