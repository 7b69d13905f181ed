/**
 * @module Header hygiene for forwarding. Pure.
 *
 * Hop-by-hop headers (RFC 9110 §7.6.1, plus any the Connection header names) are never forwarded;
 * the agent's credentials stay at the edge (no token passthrough, MCP security best practices);
 * identity headers are set only by Tollgate, so an agent cannot spoof them. Override headers
 * (issue 12 item 10: method, URL, host, scheme and client-address overrides that frameworks and
 * proxies honour) never pass, nor does the agent's Host: the origin would otherwise run a different
 * method or path than the one authorised. The contract is in docs/origin-trust.md.
 */
import type { Principal } from '../auth/principal'
import type { ForwardingPolicy } from '../config/deployment'

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']
const CREDENTIALS = ['authorization', 'cookie']
/**
 * Overrides named exactly: method (X-HTTP-Method, used by Google APIs and OData), rewritten URL
 * (IIS/Symfony X-Original-URL, X-Rewrite-URL), host and scheme (X-Host, Front-End-Https,
 * X-Url-Scheme), the RFC 7239 Forwarded field, and every client-address claim frameworks read.
 */
const OVERRIDES = [
  'host', 'forwarded', 'x-http-method', 'x-method', 'x-host', 'x-url-scheme', 'front-end-https', 'x-real-ip', 'true-client-ip',
  'x-client-ip', 'x-cluster-client-ip', 'client-ip', 'x-originating-ip', 'x-remote-ip', 'x-remote-addr', 'fastly-client-ip', 'x-proxyuser-ip',
]
/**
 * Override families by prefix: every X-Forwarded-* (For, Host, Proto, Prefix, Port, Server, Uri, Path,
 * Scheme, Ssl…), X-Original-* (URL, URI, Host, Method), X-Rewrite-*, Envoy's x-envoy-* and CF-* (set
 * by Cloudflare's edge, never by an agent: CF-Connecting-IP is read from the inbound request only
 * when configured as trusted).
 */
const OVERRIDE_PREFIXES = ['x-forwarded-', 'x-original-', 'x-rewrite-', 'x-envoy-', 'cf-']
/** Any header naming itself an override: X-HTTP-Method-Override, X-Method-Override, X-HTTP-Host-Override, X-Override-URL. */
const OVERRIDE_WORD = /override/

/** True for a header name (lowercase) an agent must never get through to the origin. */
export function isOverrideHeader(name: string): boolean {
  return OVERRIDES.includes(name) || OVERRIDE_PREFIXES.some((p) => name.startsWith(p)) || OVERRIDE_WORD.test(name)
}

const NO_POLICY: ForwardingPolicy = { host: undefined, trustCfConnectingIp: false }

/**
 * The client's address: CF-Connecting-IP when the deployment is behind Cloudflare's edge (which
 * sets it and drops any client-sent copy); otherwise undefined, since workerd exposes no peer
 * address to a Worker and any header would be the agent's own claim.
 */
export function clientAddress(incoming: Headers, policy: ForwardingPolicy): string | undefined {
  if (!policy.trustCfConnectingIp) return undefined
  const ip = incoming.get('cf-connecting-ip')?.trim()
  return ip && /^[0-9A-Fa-f:.]{2,45}$/.test(ip) ? ip : undefined
}
/** Headers the origin trusts because Tollgate sets them; any inbound copy is a spoofing attempt. */
export const TRUSTED_PREFIXES = ['x-agent-', 'x-tollgate-']
const TRUSTED = ['x-request-id']

function stripHopByHop(headers: Headers): void {
  const named = (headers.get('connection') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)
  for (const h of [...HOP_BY_HOP, ...named]) headers.delete(h)
}

export function originRequestHeaders(incoming: Headers, principal: Principal, requestId: string, policy: ForwardingPolicy = NO_POLICY): Headers {
  const headers = new Headers(incoming)
  stripHopByHop(headers)
  for (const h of [...CREDENTIALS, ...TRUSTED]) headers.delete(h)
  for (const name of [...headers.keys()]) if (TRUSTED_PREFIXES.some((p) => name.startsWith(p)) || isOverrideHeader(name)) headers.delete(name)
  const client = clientAddress(incoming, policy)
  if (client) headers.set('x-forwarded-for', client)
  if (policy.host) headers.set('host', policy.host)
  headers.set('x-request-id', requestId)
  headers.set('x-agent-id', principal.agentId)
  headers.set('x-agent-scopes', principal.scopes.join(' '))
  headers.set('x-agent-tier', principal.tier)
  return headers
}

export function clientResponseHeaders(fromOrigin: Headers): Headers {
  const headers = new Headers(fromOrigin)
  stripHopByHop(headers)
  return headers
}
