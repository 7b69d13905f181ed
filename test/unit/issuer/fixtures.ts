/** @module Issuer unit-test fixtures: a valid env with the issuer on, built from fresh keys. */
import { exportJWK, generateKeyPair } from 'jose'
import { hashSecret } from '../../../src/issuer/secret-hash'
import { fakeNamespace } from '../../support/namespace'

export const SECRET = 'unit-test-secret'

export async function issuerEnv() {
  const ed = await generateKeyPair('EdDSA', { extractable: true, crv: 'Ed25519' })
  const es = await generateKeyPair('ES256', { extractable: true })
  const edJwk = { ...(await exportJWK(ed.privateKey)), kid: 'ed-new' }
  const esJwk = { ...(await exportJWK(es.privateKey)), kid: 'es-old' }
  const pub = (j: Record<string, unknown>) => Object.fromEntries(Object.entries(j).filter(([k]) => k !== 'd'))
  const hash = await hashSecret(SECRET, 10_000)
  return {
    keys: { ed, es, edJwk, esJwk },
    env: {
      ORIGIN_URL: 'https://api.example.com',
      JWT_ISSUER: 'https://api.example.com',
      JWT_AUDIENCE: 'https://api.example.com',
      JWT_JWKS: { keys: [pub(edJwk), pub(esJwk)] },
      AGENT_GUARD: fakeNamespace(),
      CLIENT_AUTH_LIMITER: fakeNamespace(),
      ISSUER_ENABLED: 'true',
      ISSUER_SIGNING_KEYS: { keys: [edJwk, esJwk], active: 'ed-new' },
      OAUTH_CLIENTS: [
        { client_id: 'agent-a', secret_hash: hash, scopes: ['products:read', 'search:execute'], tier: 'standard', agent_type: 'bot', agent_version: '1.2.3', owner: 'ops@example.com', max_rpm: 100 },
        { client_id: 'agent-b', secret_hash: [hash, hash], scopes: ['products:read'], agent_id: 'b-instance-1' },
      ],
    } as Record<string, unknown>,
  }
}
