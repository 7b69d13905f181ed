/**
 * The shared denial contract, run against every protected route (Unkey's runCommonRouteTests):
 * each case asserts status, stable code, WWW-Authenticate, and that the origin was never called.
 */
import { base64url, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import demoKey from '../../../demo/keys/demo-signing-key.jwk.json'
import { originSaw, send } from '../../support/http'
import { init, PROTECTED_ROUTES, type ProtectedRoute } from '../../support/routes'
import { agentId, AUDIENCE, ISSUER, mintToken } from '../../support/tokens'

type Case = {
  name: string
  code: string
  status: number
  www: RegExp | null
  prepare: (route: ProtectedRoute) => Promise<{ path?: string; headers: Record<string, string> }>
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const good = (route: ProtectedRoute, extra: Parameters<typeof mintToken>[0] = {}) => mintToken({ scopes: [route.scope], ...extra })

async function unsigned(route: ProtectedRoute): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const enc = (o: object) => base64url.encode(JSON.stringify(o))
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: agentId(), scope: route.scope, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 300, jti: 'x' })}.`
}

/** RS/HS confusion, the EdDSA flavour: HMAC-sign with the public key bytes as the secret. */
async function hsWithPublicKey(route: ProtectedRoute): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ scope: route.scope })
    .setProtectedHeader({ alg: 'HS256', kid: (demoKey as { kid: string }).kid })
    .setSubject(agentId())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(crypto.randomUUID())
    .sign(base64url.decode((demoKey as { x: string }).x))
}

const INVALID = /^Bearer realm="tollgate", error="invalid_token", resource_metadata="https:\/\/edge\.test\/\.well-known\/oauth-protected-resource"$/
const REQUEST = /^Bearer realm="tollgate", error="invalid_request", resource_metadata="/

/** RFC 6750 §3.1: no bearer credentials at all → a bare challenge, no error code. */
const BARE = /^Bearer realm="tollgate", resource_metadata="https:\/\/edge\.test\/\.well-known\/oauth-protected-resource"$/

const CASES: Case[] = [
  { name: 'no token', code: 'AUTH_MISSING', status: 401, www: BARE, prepare: async () => ({ headers: {} }) },
  { name: 'another scheme only (Basic)', code: 'AUTH_MISSING', status: 401, www: BARE, prepare: async () => ({ headers: { authorization: 'Basic YWdlbnQ6c2VjcmV0' } }) },
  { name: 'malformed header (two tokens)', code: 'AUTH_MALFORMED', status: 400, www: REQUEST, prepare: async (r) => ({ headers: { authorization: `Bearer ${await good(r)} ${await good(r)}` } }) },
  { name: 'malformed header (Bearer without a token)', code: 'AUTH_MALFORMED', status: 400, www: REQUEST, prepare: async () => ({ headers: { authorization: 'Bearer' } }) },
  { name: 'two Authorization values', code: 'AUTH_MALFORMED', status: 400, www: REQUEST, prepare: async (r) => ({ headers: { authorization: `Bearer ${await good(r)}, Bearer ${await good(r)}` } }) },
  { name: 'token in the query', code: 'TOKEN_IN_QUERY', status: 400, www: REQUEST, prepare: async (r) => ({ path: `${r.path}?access_token=${await good(r)}`, headers: bearer(await good(r)) }) },
  { name: 'JWT-looking value in any query parameter', code: 'TOKEN_IN_QUERY', status: 400, www: REQUEST, prepare: async (r) => ({ path: `${r.path}?q=${await good(r)}`, headers: {} }) },
  { name: 'bad signature', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => { const t = await good(r); const sig = t.split('.')[2]!; return { headers: bearer(t.slice(0, -sig.length) + (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)) } } },
  { name: 'alg none', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await unsigned(r)) }) },
  { name: 'HS256 signed with the public key', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await hsWithPublicKey(r)) }) },
  { name: 'expired', code: 'TOKEN_EXPIRED', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await good(r, { ttl: -120 })) }) },
  { name: 'nbf in the future', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await good(r, { nbfOffset: 600 })) }) },
  { name: 'lifetime over the maximum', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await good(r, { ttl: 3600 })) }) },
  { name: 'iat in the future', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await good(r, { iatOffset: 600 })) }) },
  { name: 'wrong iss', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await good(r, { iss: 'https://evil.example' })) }) },
  { name: 'wrong aud', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await good(r, { aud: 'https://other.example' })) }) },
  { name: 'missing sub', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await good(r, { sub: null })) }) },
  { name: 'insane sub', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await good(r, { sub: '../../admin' })) }) },
  { name: 'missing jti', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await good(r, { jti: null })) }) },
  { name: 'tier that does not exist', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await good(r, { tier: 'platinum' })) }) },
  { name: 'jku header (key injection)', code: 'TOKEN_INVALID', status: 401, www: INVALID, prepare: async (r) => ({ headers: bearer(await good(r, { header: { jku: 'https://evil.example/jwks' } })) }) },
  { name: 'X-Agent-ID mismatch', code: 'AGENT_ID_MISMATCH', status: 401, www: INVALID, prepare: async (r) => ({ headers: { ...bearer(await good(r)), 'x-agent-id': 'someone-else' } }) },
  { name: 'missing scope', code: 'INSUFFICIENT_SCOPE', status: 403, www: /^Bearer realm="tollgate", error="insufficient_scope", scope="[^"]+", resource_metadata="/, prepare: async () => ({ headers: bearer(await mintToken({ scopes: ['nothing:useful'] })) }) },
]

describe.each(PROTECTED_ROUTES.map((r) => [r.name, r] as const))('denial contract: %s', (_name, route) => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_case, c) => {
    const prepared = await c.prepare(route)
    const base = init(route)
    const { response, requestId } = await send(prepared.path ?? route.path, { ...base, headers: { ...(base.headers as Record<string, string>), ...prepared.headers } })
    const text = await response.text()
    expect(response.status, text).toBe(c.status)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    const body = JSON.parse(text) as Record<string, unknown>
    expect(body).toMatchObject({ code: c.code, status: c.status, request_id: requestId })
    // Nothing but the problem members and our code: no reason, no token, no rule internals.
    const allowed = ['code', 'detail', 'request_id', 'status', 'title', 'type', ...(c.code === 'INSUFFICIENT_SCOPE' ? ['scope'] : [])]
    expect(Object.keys(body).sort()).toEqual(allowed.sort())
    // The detail tells a person what to do: never the title again (src/errors/details.ts).
    expect(body['detail']).not.toBe(body['title'])
    if (c.www) expect(response.headers.get('www-authenticate')).toMatch(c.www)
    if (c.code === 'INSUFFICIENT_SCOPE') expect(response.headers.get('www-authenticate')).toContain(`scope="${route.scope}"`)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(text).not.toMatch(/eyJ/)
    expect(await originSaw(requestId)).toBe(false)
  })
})
