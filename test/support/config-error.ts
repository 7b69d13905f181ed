/** @module Config test helpers: a minimal valid env, the ConfigError an env raises, and the issue naming one field. */
import { ConfigError, loadConfig } from '../../src/config/load'
import { fakeNamespace } from './namespace'

const JWKS = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'fwGe8kiEfwcvZVAmTcFGLKGSVOL9eD6kDOOnT2l2pIQ', kid: 'k1' }] }

/** The smallest env that parses: an origin, issuer, audience, one key source and the guard binding. */
export function minimalEnv(): Record<string, unknown> {
  return { ORIGIN_URL: 'https://api.example.com', JWT_ISSUER: 'https://auth.example.com', JWT_AUDIENCE: 'https://api.example.com', JWT_JWKS: JWKS, AGENT_GUARD: fakeNamespace() }
}

/** The message of the ConfigError an env raises ('' when it parses): for field-naming tests. */
export function configErrorOf(env: object): string {
  try {
    loadConfig(env)
  } catch (e) {
    if (e instanceof ConfigError) return e.message
    throw e
  }
  return ''
}

/** The "✖ …" issue line zod prints above "→ at FIELD", or '' when the message does not name FIELD. */
export function issueAt(message: string, field: string): string {
  const lines = message.split('\n')
  const i = lines.findIndex((l) => l.trim() === `→ at ${field}`)
  return i > 0 ? lines[i - 1]! : ''
}
