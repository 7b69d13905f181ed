/**
 * @module Stage (before authentication): the MCP endpoint's HTTP method, TLS and browser Origin
 * (DNS rebinding), and the syntax of the MCP headers, so a rebinding page never gets as far as key
 * verification. A POST is answered in JSON-RPC from here on; its id is not known until the body is
 * read, after authentication, so early errors carry `id: null`.
 */
import { createMiddleware } from 'hono/factory'
import { deny } from '../errors/denial'
import { checkHeaders, checkOrigin, checkTls } from '../mcp/transport'
import type { GatewayEnv } from './types'

const HTTP_METHODS = new Set(['GET', 'POST', 'DELETE'])

export const mcpTransport = createMiddleware<GatewayEnv>(async (c, next) => {
  const { mcp, devAllowInsecure } = c.get('config')
  if (c.req.method === 'POST') c.set('rpc', { id: null })
  if (!HTTP_METHODS.has(c.req.method)) throw deny('ROUTE_NOT_FOUND', 'mcp_http_method')
  const tls = checkTls(c.get('url'), mcp.requireTls, devAllowInsecure)
  if (!tls.ok) throw deny(tls.code, tls.reason)
  const origin = checkOrigin(c.req.header('origin') ?? null, mcp.allowedOrigins)
  if (!origin.ok) throw deny(origin.code, origin.reason)
  const headers = checkHeaders(c.req.raw.headers)
  if (!headers.ok) throw deny(headers.code, headers.reason)
  await next()
})
