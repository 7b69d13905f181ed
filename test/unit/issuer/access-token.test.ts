import { beforeAll, describe, expect, it } from 'vitest'
import { createLocalJWKSet, decodeProtectedHeader } from 'jose'
import { loadConfig } from '../../../src/config/load'
import { verifyToken } from '../../../src/auth/verify-token'
import { accessTokenClaims, signAccessToken } from '../../../src/issuer/access-token'
import { activeSigningKey } from '../../../src/issuer/signing-keys'
import { issuerEnv } from './fixtures'

let config: ReturnType<typeof loadConfig>
beforeAll(async () => {
  config = loadConfig((await issuerEnv()).env)
})

function issuer() {
  if (!config.issuer.enabled) throw new Error('issuer off')
  return config.issuer
}

describe('access tokens', () => {
  it('carry the claims src/auth/principal.ts parses', () => {
    const claims = accessTokenClaims({ issuer: 'https://i', audience: 'https://a', client: issuer().clients.get('agent-a')!, scopes: ['products:read'], now: 1000, ttlSeconds: 300, jti: 'j-1' })
    expect(claims).toEqual({
      iss: 'https://i',
      sub: 'agent-a',
      aud: 'https://a',
      iat: 1000,
      exp: 1300,
      jti: 'j-1',
      client_id: 'agent-a',
      scope: 'products:read',
      tier: 'standard',
      agent_type: 'bot',
      agent_version: '1.2.3',
      agent_owner: 'ops@example.com',
      max_rpm: 100,
    })
  })

  it.each(['ed-new', 'es-old'])('signed with %s, pass the foundation verifier unchanged', async (kid) => {
    const key = await activeSigningKey(issuer().keys, kid)
    const now = Math.floor(Date.now() / 1000)
    const claims = accessTokenClaims({ issuer: config.jwt.issuer, audience: config.jwt.audience, client: issuer().clients.get('agent-b')!, scopes: ['products:read'], now, ttlSeconds: 300, jti: crypto.randomUUID() })
    const token = await signAccessToken(claims, key)
    expect(decodeProtectedHeader(token)).toEqual({ alg: kid === 'ed-new' ? 'EdDSA' : 'ES256', kid, typ: 'at+jwt' })
    const keys = config.jwt.keySource.kind === 'jwks-inline' ? createLocalJWKSet(config.jwt.keySource.jwks as never) : undefined
    const result = await verifyToken(token, keys!, { ...config.jwt, tiers: config.tiers, defaultTier: config.defaultTier, requireJti: true })
    expect(result).toMatchObject({ ok: true, principal: { agentId: 'b-instance-1', scopes: ['products:read'], tier: 'free' } })
  })

  it('imports each key once', async () => {
    const a = await activeSigningKey(issuer().keys, 'ed-new')
    const b = await activeSigningKey(issuer().keys, 'ed-new')
    expect(a.key).toBe(b.key)
    expect(a.key.extractable).toBe(false)
  })
})
