/**
 * @module The issuer's HTTP surface, mounted by app.ts when ISSUER_ENABLED: the token endpoint
 * (RFC 6749 §4.4 client credentials), the public JWKS and RFC 8414 metadata.
 *
 * Token endpoint order: parse (cheap, no state) → known client? (no state for made-up ids) →
 * lockout slot (one DO RPC) → secret (PBKDF2) → resource and scope → guard status (one RPC) → sign.
 */
import { readRequestBody } from '../input/read'
import { decodeUtf8 } from '../input/text'
import { Unavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../clients/deadline'
import type { Clients } from '../config/bindings'
import { Hono, type Context } from 'hono'
import type { IssuerConfig, OAuthClient } from '../config/issuer'
import type { GatewayEnv } from '../pipeline/types'
import { log } from '../telemetry/log'
import { accessTokenClaims, signAccessToken } from './access-token'
import { admitAgent, checkResources, grantScopes } from './admission'
import type { AcquireResult } from './client-auth-limiter'
import { authorizationServerMetadata, JWKS_PATH, jwksDocument, METADATA_PATH, TOKEN_PATH } from './metadata'
import { NO_STORE, oauthError, renderOAuthError, type OAuthFailure } from './oauth-error'
import { SecretVerifier } from './secret-hash'
import { activeSigningKey } from './signing-keys'
import { parseTokenRequest } from './token-request'

type Enabled = Extract<IssuerConfig, { enabled: true }>
type C = Context<GatewayEnv>

/** A token request is a few hundred bytes; anything near this is not one. */
const MAX_TOKEN_REQUEST_BYTES = 8 * 1024
/** The documents change only with a deploy; short enough that a newly published key spreads fast. */
const PUBLIC_CACHE = { 'cache-control': 'public, max-age=300' }


/** The token endpoint's answer to an unreachable Durable Object (clients/deadline.ts). */
const unavailable = (error: unknown) => {
  if (!(error instanceof Unavailable)) throw error
  return oauthError('temporarily_unavailable', 'the token service is temporarily unavailable', error.reason, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS })
}

export function issuerRoutes(issuer: Enabled, clients: Clients): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>()
  const verifier = new SecretVerifier()
  // Required at load when the issuer is enabled (config/bindings.ts).
  const limiter = clients.clientAuth!

  app.get(JWKS_PATH, (c) => c.json(jwksDocument(issuer), 200, PUBLIC_CACHE))
  app.get(METADATA_PATH, (c) =>
    c.json(authorizationServerMetadata(issuer, c.get('config').jwt.issuer, c.req.url, c.get('config').jwt.algorithms), 200, PUBLIC_CACHE),
  )

  app.post(TOKEN_PATH, async (c) => {
    const outcome = await issue(c)
    const failure = 'error' in outcome ? outcome : undefined
    log({
      event: 'token',
      requestId: c.get('requestId'),
      outcome: failure ? failure.error : 'issued',
      reason: failure?.reason ?? 'ok',
      clientId: outcome.client?.clientId,
      agentId: outcome.client?.agentId,
    })
    return failure ? renderOAuthError(failure) : (outcome as Issued).response
  })
  app.all(TOKEN_PATH, () => {
    const res = renderOAuthError(oauthError('invalid_request', 'the token endpoint accepts POST only', 'method', { status: 405 }))
    res.headers.set('allow', 'POST')
    return res
  })

  type Issued = { response: Response; client: OAuthClient }
  type Failed = OAuthFailure & { client?: OAuthClient }

  async function issue(c: C): Promise<Issued | Failed> {
    const { config } = c.var
    const body = await readRequestBody(c.req.raw, MAX_TOKEN_REQUEST_BYTES, config.body.readTimeoutMs)
    if (!body.ok) return oauthError('invalid_request', 'the request body is too large, incomplete or unreadable', `body_${body.reason}`)
    const text = decodeUtf8(body.bytes)
    if (text === undefined) return oauthError('invalid_request', 'the request body is not UTF-8', 'body_utf8')
    const parsed = parseTokenRequest({
      contentType: c.req.header('content-type'),
      body: text,
      query: c.get('url').searchParams,
      authorization: c.req.header('authorization'),
    })
    if (!parsed.ok) return parsed.failure
    const req = parsed.value

    // Client ids are not secrets (RFC 6749 §2.2), so an unknown one is refused at once: no hash,
    // no Durable Object, nothing an attacker can make us store.
    const client = issuer.clients.get(req.clientId)
    if (!client) return oauthError('invalid_client', 'client authentication failed', 'unknown_client')
    const failed = (f: OAuthFailure): Failed => ({ ...f, client })

    let slot: AcquireResult
    try {
      slot = await limiter.acquire(client.clientId, issuer.lockout)
    } catch (error) {
      return failed(unavailable(error))
    }
    if (!slot.allowed) {
      // Locked: the secret is not even checked, so guessing during a lockout learns nothing.
      return failed(oauthError('invalid_client', 'too many failed client authentications; retry later', 'locked_out', { status: 429, retryAfterSeconds: slot.retryAfterSeconds }))
    }
    if (!(await verifier.verify(req.clientSecret, client.secretHashes))) {
      return failed(oauthError('invalid_client', 'client authentication failed', 'bad_secret'))
    }
    // Only failures count: give the slot back without delaying the answer.
    const refund = limiter.release(client.clientId, slot.ticket).catch(() => {})
    try {
      c.executionCtx.waitUntil(refund)
    } catch {
      await refund
    }

    const target = checkResources(req.resources, config.jwt.audience)
    if (target) return failed(target)
    const scopes = grantScopes(req.scopes, client.scopes)
    if (!Array.isArray(scopes)) return failed(scopes as OAuthFailure)

    let refusal: OAuthFailure | undefined
    try {
      const status = await clients.guard.status(client.agentId)
      refusal = admitAgent(status, Date.now(), issuer.revocationCooldownSeconds)
    } catch (error) {
      // Fail closed: no token when we cannot tell whether the agent is blocked.
      return failed(unavailable(error))
    }
    if (refusal) return failed(refusal)

    const key = await activeSigningKey(issuer.keys, issuer.activeKid)
    const claims = accessTokenClaims({
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      client,
      scopes: scopes as readonly string[],
      now: Math.floor(Date.now() / 1000),
      ttlSeconds: issuer.ttlSeconds,
      jti: crypto.randomUUID(),
    })
    const token = await signAccessToken(claims, key)
    // RFC 6749 §5.1; scope is always echoed, since it may differ from what was asked.
    const json = { access_token: token, token_type: 'Bearer', expires_in: issuer.ttlSeconds, scope: claims['scope'] }
    const response = new Response(JSON.stringify(json), { status: 200, headers: { ...NO_STORE, 'content-type': 'application/json' } })
    return { response, client }
  }

  return app
}
