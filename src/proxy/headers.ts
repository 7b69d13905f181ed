/**
 * @module Header hygiene for forwarding. Pure.
 *
 * Hop-by-hop headers (RFC 9110 §7.6.1, plus any the Connection header names) are never forwarded;
 * the agent's credentials stay at the edge (no token passthrough, MCP security best practices);
 * identity headers are set only by Tollgate, so an agent cannot spoof them.
 */
import type { Principal } from '../auth/principal'

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']
const CREDENTIALS = ['authorization', 'cookie']
/** Client-address claims an agent could forge; the edge's own view (cf-connecting-ip) replaces them. */
const ADDRESS_CLAIMS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'true-client-ip']
/** Headers the origin trusts because Tollgate sets them; any inbound copy is a spoofing attempt. */
export const TRUSTED_PREFIXES = ['x-agent-', 'x-tollgate-']
const TRUSTED = ['x-request-id']

function stripHopByHop(headers: Headers): void {
  const named = (headers.get('connection') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)
  for (const h of [...HOP_BY_HOP, ...named]) headers.delete(h)
}

export function originRequestHeaders(incoming: Headers, principal: Principal, requestId: string): Headers {
  const headers = new Headers(incoming)
  stripHopByHop(headers)
  for (const h of [...CREDENTIALS, ...TRUSTED, ...ADDRESS_CLAIMS]) headers.delete(h)
  const client = incoming.get('cf-connecting-ip')
  if (client) headers.set('x-forwarded-for', client)
  for (const name of [...headers.keys()]) if (TRUSTED_PREFIXES.some((p) => name.startsWith(p))) headers.delete(name)
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
