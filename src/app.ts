/**
 * @module Builds the Hono app: the one place that orders the stages (DESIGN.md, "Request path").
 *
 * normalize → authenticate → resolve route → authorize scopes → read body (bounded) → inspect
 * → guard (one DO RPC) → DLP on the answer (wraps forward) → forward. The context stage wraps them
 * all and records the decision.
 */
import { Hono } from 'hono'
import { adminRoutes } from './admin/routes'
import { consoleRoutes } from './console/routes'
import type { Config } from './config/schema'
import { denialOf, deny } from './errors/denial'
import { renderDenial } from './errors/render'
import { authenticate } from './pipeline/authenticate'
import { context } from './pipeline/context'
import { dlpRespond } from './pipeline/dlp'
import { forward } from './pipeline/forward'
import { guard } from './pipeline/guard'
import { inspect } from './pipeline/inspect'
import { issuerRoutes } from './issuer/routes'
import { mcpGuard } from './pipeline/mcp-guard'
import { mcpInspect } from './pipeline/mcp-inspect'
import { mcpRespond } from './pipeline/mcp-respond'
import { mcpTransport } from './pipeline/mcp-transport'
import { protectedResourceMetadata } from './pipeline/metadata'
import { readBody } from './pipeline/read-body'
import { authorize, normalize, refuseReserved, resolveRoute } from './pipeline/route'
import type { GatewayEnv } from './pipeline/types'
import { log } from './telemetry/log'

export function buildApp(config: Config): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>()
  app.use('*', context(config))
  app.get('/.well-known/oauth-protected-resource', protectedResourceMetadata)
  app.route(`${config.admin.prefix}/console`, consoleRoutes(config))
  app.route(config.admin.prefix, adminRoutes())
  if (config.issuer.enabled) app.route('/', issuerRoutes(config.issuer, config.clients))
  // MCP Streamable HTTP (docs/mcp.md): transport checks before authentication, JSON-RPC policy after.
  app.all(config.mcp.path, mcpTransport, normalize, authenticate, mcpInspect, mcpGuard, mcpRespond, forward)
  app.all('*', normalize, refuseReserved, authenticate, resolveRoute, authorize, readBody, inspect, guard, dlpRespond, forward)
  // Stages throw denials; this is where they are rendered. compose keeps the error on c.error,
  // which is how the context stage (and MCP's) learn the outcome (pipeline/outcome.ts).
  app.onError((error, c) => {
    const denial = denialOf(error)
    if (denial.code === 'INTERNAL') log({ event: 'internal_error', requestId: c.get('requestId'), error: denial.reason })
    return renderDenial(c, denial)
  })
  app.notFound(() => {
    throw deny('ROUTE_NOT_FOUND', 'not_found')
  })
  return app
}

/** Answers every request while the configuration is invalid: fail closed, name nothing on the wire. */
export function misconfiguredApp(): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>()
  app.all('*', (c) => {
    c.set('requestId', crypto.randomUUID())
    const res = renderDenial(c, deny('GATEWAY_MISCONFIGURED', 'config').denial)
    res.headers.set('x-request-id', c.get('requestId'))
    return res
  })
  return app
}
