/** @module RFC 9728 protected-resource metadata, served unauthenticated at /.well-known/oauth-protected-resource. */
import type { Context } from 'hono'
import type { GatewayEnv } from './types'

export function protectedResourceMetadata(c: Context<GatewayEnv>): Response {
  const config = c.get('config')
  const body = {
    resource: config.jwt.audience,
    // When Tollgate issues tokens itself, its issuer identifier is listed first (issue 7).
    authorization_servers: config.issuer.enabled ? [...new Set([config.jwt.issuer, ...config.metadata.authorizationServers])] : config.metadata.authorizationServers,
    scopes_supported: config.metadata.scopes,
    bearer_methods_supported: ['header'],
    resource_signing_alg_values_supported: config.jwt.algorithms,
    resource_name: config.metadata.resourceName,
  }
  return c.json(body, 200, { 'cache-control': 'public, max-age=300' })
}
