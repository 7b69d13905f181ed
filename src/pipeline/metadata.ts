/**
 * @module RFC 9728 protected-resource metadata, served unauthenticated at
 * /.well-known/oauth-protected-resource (the whole API) and, path-suffixed (§3.1), at
 * /.well-known/oauth-protected-resource/mcp for the MCP endpoint, as MCP clients look it up.
 *
 * `resource` comes from PUBLIC_URL, never from Host (a cacheable document must not echo what a
 * client sent), and equals the identifier the metadata URL was formed from (§3.3).
 */
import type { Context } from 'hono'
import type { Config } from '../config/schema'
import type { GatewayEnv } from './types'

export const RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource'

/** The metadata URL for a resource path ('' for the whole API, the MCP path for MCP). */
export function resourceMetadataUrl(config: Config, resourcePath = ''): string {
  return `${config.deployment.publicUrl}${RESOURCE_METADATA_PATH}${resourcePath}`
}

export function protectedResourceMetadata(resourcePath: string) {
  return (c: Context<GatewayEnv>): Response => {
    const config = c.get('config')
    const body = {
      resource: `${config.deployment.publicUrl}${resourcePath}`,
      // When Tollgate issues tokens itself, its issuer identifier is listed first (issue 7).
      authorization_servers: config.issuer.enabled ? [...new Set([config.jwt.issuer, ...config.metadata.authorizationServers])] : config.metadata.authorizationServers,
      scopes_supported: config.metadata.scopes,
      bearer_methods_supported: ['header'],
      resource_name: config.metadata.resourceName,
    }
    return c.json(body, 200, { 'cache-control': 'public, max-age=300' })
  }
}

/** For a 401/403 challenge (RFC 9728 §5.1): the MCP endpoint's own metadata on MCP requests. */
export function challengeMetadataUrl(c: Context<GatewayEnv>): string | undefined {
  const config = c.get('config')
  if (!config) return undefined
  return resourceMetadataUrl(config, c.get('path') === config.mcp.path ? config.mcp.path : '')
}
