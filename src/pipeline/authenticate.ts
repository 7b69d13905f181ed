/** @module Stage: bearer token from the Authorization header only (auth/bearer.ts) → verified Principal in c.var. */
import { createMiddleware } from 'hono/factory'
import { bearerFrom, tokenInQuery } from '../auth/bearer'
import { resolveKeys } from '../auth/keys'
import type { Principal } from '../auth/principal'
import { TokenCache } from '../auth/token-cache'
import { verifyToken } from '../auth/verify-token'
import { deny } from '../errors/denial'
import type { GatewayEnv } from './types'

/** One verified-token cache per configuration (src/auth/token-cache.ts). */
const caches = new WeakMap<object, TokenCache>()
/** ≤ 4,096 entries of ≤ 2 KB tokens: at most ≈ 8 MB of a 128 MB isolate, typically a few hundred KB. */
const CACHE_ENTRIES = 4_096
const CACHEABLE_TOKEN_LENGTH = 2_048

function cacheFor(config: GatewayEnv['Variables']['config']): TokenCache {
  let cache = caches.get(config)
  if (!cache) {
    cache = new TokenCache(CACHE_ENTRIES, config.jwt.clockToleranceSeconds)
    caches.set(config, cache)
  }
  return cache
}

async function verify(token: string, config: GatewayEnv['Variables']['config']): Promise<Principal> {
  let keys
  try {
    keys = await resolveKeys(config.jwt.keySource)
  } catch {
    throw deny('KEYS_UNAVAILABLE', 'key_import_failed', { retryAfterSeconds: 5 })
  }
  const result = await verifyToken(token, keys, {
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    algorithms: config.jwt.algorithms,
    clockToleranceSeconds: config.jwt.clockToleranceSeconds,
    maxTtlSeconds: config.jwt.maxTtlSeconds,
    tiers: config.tiers,
    defaultTier: config.defaultTier,
    requireJti: true,
  })
  if (!result.ok) throw deny(result.code, result.reason, result.code === 'KEYS_UNAVAILABLE' ? { retryAfterSeconds: 5 } : {})
  return result.principal
}

export const authenticate = createMiddleware<GatewayEnv>(async (c, next) => {
  const config = c.get('config')
  if (tokenInQuery(c.get('url'))) throw deny('TOKEN_IN_QUERY', 'query_token')
  const bearer = bearerFrom(c.req.header('authorization'))
  if (bearer.kind === 'none') throw deny('AUTH_MISSING', bearer.reason)
  if (bearer.kind === 'malformed') throw deny('AUTH_MALFORMED', bearer.reason)
  const token = bearer.token
  const cache = cacheFor(config)
  let principal = cache.get(token, Math.floor(Date.now() / 1000))
  if (!principal) {
    principal = await verify(token, config)
    if (token.length <= CACHEABLE_TOKEN_LENGTH) cache.set(token, principal)
  }
  const claimed = c.req.header('x-agent-id')
  if (claimed !== undefined && claimed !== principal.agentId) throw deny('AGENT_ID_MISMATCH', 'x_agent_id_mismatch')
  c.set('principal', principal)
  await next()
})
