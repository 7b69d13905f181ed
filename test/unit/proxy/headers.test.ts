import { describe, expect, it } from 'vitest'
import type { Principal } from '../../../src/auth/principal'
import { clientResponseHeaders, originRequestHeaders } from '../../../src/proxy/headers'

const principal: Principal = { agentId: 'agent-1', scopes: ['a:read', 'b:write'], tier: 'standard', jti: 'j', iat: 1, exp: 2, meta: {} }

describe('originRequestHeaders', () => {
  it('strips hop-by-hop, credentials and spoofed identity headers; sets ours', () => {
    const h = originRequestHeaders(
      new Headers({
        authorization: 'Bearer x',
        cookie: 'a=b',
        connection: 'close, x-hop',
        'x-hop': '1',
        te: 'trailers',
        upgrade: 'websocket',
        'transfer-encoding': 'chunked',
        'proxy-authorization': 'Basic x',
        'x-agent-id': 'evil',
        'x-agent-scopes': 'admin',
        'x-tollgate-anything': '1',
        'x-request-id': 'spoofed',
        accept: 'application/json',
        'x-forwarded-for': '6.6.6.6',
        forwarded: 'for=6.6.6.6',
        'x-real-ip': '6.6.6.6',
        'cf-connecting-ip': '203.0.113.9',
      }),
      principal,
      'rid-1',
    )
    // Untrusted by default (TRUST_CF_CONNECTING_IP unset): no client address is forwarded at all.
    expect(Object.fromEntries(h)).toEqual({
      accept: 'application/json',
      'x-agent-id': 'agent-1',
      'x-agent-scopes': 'a:read b:write',
      'x-agent-tier': 'standard',
      'x-request-id': 'rid-1',
    })
  })
})

describe('clientResponseHeaders', () => {
  it('strips hop-by-hop headers from the origin answer, keeps the rest', () => {
    const h = clientResponseHeaders(new Headers({ connection: 'keep-alive', 'keep-alive': 'timeout=5', 'set-cookie': 'a=b', 'content-type': 'text/plain' }))
    expect(Object.fromEntries(h)).toEqual({ 'set-cookie': 'a=b', 'content-type': 'text/plain' })
  })
})
