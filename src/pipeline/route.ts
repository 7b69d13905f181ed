/** @module Stage: normalise the path once, match the route table, check scopes (least privilege). */
import { createMiddleware } from 'hono/factory'
import type { Route } from '../config/routes'
import type { Context } from 'hono'
import { deny, type DenialError } from '../errors/denial'
import { matchRoute, missingScopes } from '../policy/match'
import { normalizePath } from '../policy/path'
import { NO_FINDINGS, type GatewayEnv } from './types'

/** Used when UNMATCHED_ROUTES = "allow": authenticated, no scopes, weight 1, full screening. */
function fallbackRoute(method: string): Route {
  return { method: method as Route['method'], path: '/*', key: `${method} *`, segments: [], scopes: [], cost: 1, failMode: 'closed', screening: 'block' }
}

/** Runs before authentication: a malformed path is refused without touching keys or state. */
export const normalize = createMiddleware<GatewayEnv>(async (c, next) => {
  const raw = c.get('url').pathname
  const result = normalizePath(raw, c.get('config').maxPathLength)
  if (!result.ok) throw deny('PATH_REJECTED', result.reason)
  c.set('path', result.path)
  c.set('segments', result.segments)
  await next()
})

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '/')
}

/**
 * The REST chain runs for every spelling the router did not send elsewhere. A spelling of the MCP
 * endpoint (`/mcp/`, `//mcp`) or of the admin API that normalises onto them must not be forwarded
 * by the REST chain, which would skip the MCP tool policy: it is refused as an unknown route.
 */
export const refuseReserved = createMiddleware<GatewayEnv>(async (c, next) => {
  const config = c.get('config')
  const path = c.get('path')
  if (under(path, config.mcp.path) || under(path, config.admin.prefix)) throw deny('ROUTE_NOT_FOUND', 'reserved_path_spelling')
  await next()
})

/** Records a refusal for the guard to see first (DESIGN.md: rejections still count as pressure). */
function reject(c: Context<GatewayEnv>, denial: DenialError): void {
  if (!c.get('inspection')?.rejection) c.set('inspection', { screening: NO_FINDINGS, rejection: denial })
}

/**
 * After authentication, refusals of unknown routes and missing scopes are not thrown here: the
 * agent's guard counts them (probing endpoints is a risk signal) and its RateLimit fields go on the
 * answer. Nothing is read, inspected or forwarded for a rejected request.
 */
export const resolveRoute = createMiddleware<GatewayEnv>(async (c, next) => {
  const config = c.get('config')
  const segments = c.get('segments')
  const match = matchRoute(config.routes, c.req.method, segments)
  if (!match && config.unmatchedRoutes === 'deny') {
    c.set('route', { ...fallbackRoute(c.req.method), key: `${c.req.method} (unmatched)` })
    reject(c, deny('ROUTE_NOT_FOUND', `${c.req.method} unmatched`))
  } else {
    c.set('route', match?.route ?? fallbackRoute(c.req.method))
  }
  c.set('params', match?.params ?? {})
  await next()
})

export const authorize = createMiddleware<GatewayEnv>(async (c, next) => {
  const missing = missingScopes(c.get('route').scopes, c.get('principal').scopes)
  if (missing.length > 0) {
    reject(c, deny('INSUFFICIENT_SCOPE', `missing ${missing.join(' ')}`, { extensions: { scope: c.get('route').scopes.join(' ') } }))
  }
  await next()
})
