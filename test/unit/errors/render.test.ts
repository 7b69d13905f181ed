/**
 * The one renderer, with nothing on the context but the request: WWW-Authenticate comes from the
 * code alone (no flag from an earlier stage), and `detail` is the code's instruction, in both
 * problem+json and JSON-RPC form.
 */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { codeSpec, DENIAL_CODES, type DenialCode } from '../../../src/errors/codes'
import { deny, denialOf } from '../../../src/errors/denial'
import { DENIAL_DETAILS } from '../../../src/errors/details'
import { renderDenial } from '../../../src/errors/render'
import { Unavailable } from '../../../src/clients/deadline'
import type { GatewayEnv } from '../../../src/pipeline/types'

function appThrowing(code: DenialCode, rpc = false) {
  const app = new Hono<GatewayEnv>()
  app.use('*', async (c, next) => {
    c.set('requestId', 'req-1')
    if (rpc) c.set('rpc', { id: 5 })
    await next()
  })
  app.all('*', () => {
    throw deny(code, 'internal-reason-never-rendered', code === 'INSUFFICIENT_SCOPE' ? { extensions: { scope: 'a:b c:d' } } : {})
  })
  app.onError((error, c) => renderDenial(c, denialOf(error)))
  return app
}

const META = 'resource_metadata="https://api.example/.well-known/oauth-protected-resource"'

describe('renderDenial', () => {
  it.each([
    ['AUTH_MISSING', `Bearer realm="tollgate", ${META}`],
    ['AUTH_MALFORMED', `Bearer realm="tollgate", error="invalid_request", ${META}`],
    ['TOKEN_IN_QUERY', `Bearer realm="tollgate", error="invalid_request", ${META}`],
    ['TOKEN_IN_BODY', `Bearer realm="tollgate", error="invalid_request", ${META}`],
    ['TOKEN_INVALID', `Bearer realm="tollgate", error="invalid_token", ${META}`],
    ['TOKEN_EXPIRED', `Bearer realm="tollgate", error="invalid_token", ${META}`],
    ['TOKEN_REVOKED', `Bearer realm="tollgate", error="invalid_token", ${META}`],
    ['AGENT_ID_MISMATCH', `Bearer realm="tollgate", error="invalid_token", ${META}`],
    ['INSUFFICIENT_SCOPE', `Bearer realm="tollgate", error="insufficient_scope", scope="a:b c:d", ${META}`],
    ['ADMIN_UNAUTHORIZED', 'Bearer realm="tollgate-admin"'],
  ] as const)('%s → %s', async (code, www) => {
    const res = await appThrowing(code).request('https://api.example/x/y?z=1')
    expect(res.status).toBe(codeSpec(code).status)
    expect(res.headers.get('www-authenticate')).toBe(www)
  })

  it('no other code sends a challenge', async () => {
    for (const code of Object.keys(DENIAL_CODES) as DenialCode[]) {
      if (codeSpec(code).challenge) continue
      const res = await appThrowing(code).request('https://api.example/x')
      expect(res.headers.get('www-authenticate'), code).toBeNull()
    }
  })

  it('problem+json carries the detail, never the reason', async () => {
    const res = await appThrowing('TOKEN_EXPIRED').request('https://api.example/x')
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ code: 'TOKEN_EXPIRED', title: 'Token expired', detail: DENIAL_DETAILS.TOKEN_EXPIRED, request_id: 'req-1' })
    expect(text).not.toContain('internal-reason')
  })

  it('a JSON-RPC error keeps the title as message and carries the detail in data', async () => {
    const res = await appThrowing('MCP_TOOL_UNKNOWN', true).request('https://api.example/mcp', { method: 'POST' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', id: 5, error: { message: 'Unknown tool', data: { code: 'MCP_TOOL_UNKNOWN', detail: DENIAL_DETAILS.MCP_TOOL_UNKNOWN } } })
  })

  it('maps an unhandled Durable Object outage to 503 GUARD_UNAVAILABLE with Retry-After, anything else to INTERNAL', () => {
    expect(denialOf(new Unavailable('TOOL_PINS', 'timeout'))).toEqual({ code: 'GUARD_UNAVAILABLE', reason: 'TOOL_PINS_timeout', retryAfterSeconds: 2 })
    expect(denialOf(new TypeError('x'))).toEqual({ code: 'INTERNAL', reason: 'TypeError' })
    expect(denialOf('string')).toEqual({ code: 'INTERNAL', reason: 'unknown' })
  })
})
