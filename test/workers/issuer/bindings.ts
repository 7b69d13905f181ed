/**
 * @module Issuer bindings for the workers test project (imported by vitest.workers.config.ts, in
 * Node): the demo issuer from demo/demo.env plus test-only clients, hashed here at load time.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'

const b64url = (b: Buffer) => b.toString('base64url')

/** Same format as src/issuer/secret-hash.ts (a unit test checks the two agree). */
export function nodeHash(secret: string, iterations = 100_000): string {
  const salt = randomBytes(16)
  return `pbkdf2-sha256$${iterations}$${b64url(salt)}$${b64url(pbkdf2Sync(secret, salt, iterations, 32, 'sha256'))}`
}

export const testSecret = (clientId: string) => `test-secret-${clientId}`

/** Test clients: `agent_id` defaults to the client id. Secrets are testSecret(client_id). */
export const TEST_CLIENTS = [
  { client_id: 't-basic', scopes: ['products:read', 'search:execute', 'reviews:write'], tier: 'standard', agent_type: 'test-agent', agent_version: '1.0.0', owner: 'tests@tollgate.local', max_rpm: 200 },
  { client_id: 't-default-tier', scopes: ['products:read'] },
  { client_id: 't-lockout', scopes: ['products:read'] },
  { client_id: 't-lockout-2', scopes: ['products:read'] },
  { client_id: 't-blocked', scopes: ['products:read'] },
  { client_id: 't-revoked', scopes: ['products:read'] },
  { client_id: 't-revoked-0', scopes: ['products:read'] },
  { client_id: 't-rotating', scopes: ['products:read'], rotating: true },
  { client_id: 't-client', agent_id: 't-client-agent', scopes: ['products:read', 'search:execute'] },
  { client_id: 't-burst', scopes: ['products:read'] },
  { client_id: 't-naive', scopes: ['products:read'] },
  { client_id: 't-expiry', scopes: ['products:read'] },
  { client_id: 't-problem', scopes: ['products:read'] },
] as const

export function issuerTestBindings(): Record<string, unknown> {
  const env = readFileSync('demo/demo.env', 'utf8')
  // wrangler's .env loader expands $VAR, so demo.env escapes `$` as `\$` (see its comment).
  const line = (name: string) => env.match(new RegExp(`^${name}=(.*)$`, 'm'))?.[1]?.replace(/\\\$/g, '$') ?? ''
  const demoClients = JSON.parse(line('OAUTH_CLIENTS') || '[]') as unknown[]
  const testClients = TEST_CLIENTS.map(({ rotating, ...c }: { rotating?: boolean; client_id: string }) => ({
    ...c,
    // A client mid-rotation: the old and the new secret both work.
    secret_hash: rotating ? [nodeHash(`${testSecret(c.client_id)}-old`), nodeHash(testSecret(c.client_id))] : nodeHash(testSecret(c.client_id)),
  }))
  return {
    ISSUER_ENABLED: 'true',
    ISSUER_SIGNING_KEYS: line('ISSUER_SIGNING_KEYS'),
    OAUTH_CLIENTS: [...demoClients, ...testClients],
    ISSUER_TOKEN_TTL_SECONDS: 600,
    ISSUER_REVOCATION_COOLDOWN_SECONDS: 10,
    ISSUER_MAX_FAILED_AUTH: 5,
    ISSUER_FAILED_AUTH_WINDOW_SECONDS: 600,
  }
}
