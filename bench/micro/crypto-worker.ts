/**
 * @module Micro-benchmark worker (scripts/bench-crypto.mjs): N repetitions of one per-request
 * crypto operation inside workerd, so the caller can time them from outside (workerd freezes
 * Date.now() while JavaScript runs).
 */
import { assertOrigin } from '../../src/proxy/assert-origin'
import type { AssertionConfig } from '../../src/config/deployment'
import { hashSecret, SecretVerifier, verifySecret } from '../../src/issuer/secret-hash'

const principal = { agentId: 'agent-bench', scopes: ['a:read', 'b:write'], tier: 'standard', jti: 'j', iat: 0, exp: 0, meta: {} }
const body = new TextEncoder().encode(JSON.stringify({ query: 'x'.repeat(1000) }))
const target = new URL('https://origin.example.com/api/search?lang=en')
let hash: Promise<string> | undefined
const verifier = new SecretVerifier()

export default {
  async fetch(request: Request, env: { KEYS: string }): Promise<Response> {
    const url = new URL(request.url)
    const op = url.searchParams.get('op')
    const n = Number(url.searchParams.get('n') ?? '1')
    const set = JSON.parse(env.KEYS) as { keys: Array<Record<string, string>> }
    const a: AssertionConfig = { issuer: 'https://api.example.com', audience: 'https://origin.example.com', ttlSeconds: 60, keys: set.keys.map((jwk) => ({ kid: jwk['kid']!, alg: jwk['kty'] === 'OKP' ? 'EdDSA' : 'ES256', jwk })), activeKid: set.keys[0]!['kid']!, publicJwks: { keys: [] }, body: 'digest' }
    hash ??= hashSecret('client-secret-for-bench')
    const stored = await hash
    for (let i = 0; i < n; i++) {
      if (op === 'assert') await assertOrigin(new Headers(), a, { principal, requestId: 'rid', method: 'POST', target, body })
      else if (op === 'pbkdf2') await verifySecret('client-secret-for-bench', stored)
      else if (op === 'cached') await verifier.verify('client-secret-for-bench', [stored])
    }
    return new Response('ok')
  },
}
