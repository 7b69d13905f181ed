/**
 * Issue 14 item 5 (RFC 9728): the MCP SDK client's own OAuth discovery succeeds against Tollgate.
 * Every URL the SDK fetches is served by the Worker under another Host (https://edge.test), so the
 * documents can only be right if they are built from PUBLIC_URL.
 */
import { discoverOAuthProtectedResourceMetadata, extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js'
import { checkResourceAllowed, resourceUrlFromServerUrl } from '@modelcontextprotocol/sdk/shared/auth-utils.js'
import { exports } from 'cloudflare:workers'
import { describe, it } from 'vitest'

const PUBLIC_URL = 'http://localhost:8787'
const SERVER = `${PUBLIC_URL}/mcp`
const fetched: string[] = []
/** The SDK's fetch: whatever URL it builds reaches the Worker, as a client on another Host. */
const fetchFn = (url: string | URL, init?: RequestInit) => {
  const u = new URL(url)
  fetched.push(u.pathname)
  return exports.default.fetch(new Request(`https://edge.test${u.pathname}${u.search}`, init))
}

describe('MCP SDK OAuth discovery against the edge', () => {
  it('a 401 from /mcp names the path-suffixed metadata, which the SDK reads and accepts', async ({ expect }) => {
    const res = await fetchFn(SERVER, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
    })
    expect(res.status).toBe(401)
    const { resourceMetadataUrl } = extractWWWAuthenticateParams(res)
    expect(resourceMetadataUrl?.href).toBe(`${PUBLIC_URL}/.well-known/oauth-protected-resource/mcp`)
    const meta = await discoverOAuthProtectedResourceMetadata(SERVER, { resourceMetadataUrl: resourceMetadataUrl! }, fetchFn)
    expect(meta.resource).toBe(SERVER)
    expect(meta.authorization_servers?.[0]).toBe('https://demo.tollgate.local')
    expect(meta.bearer_methods_supported).toEqual(['header'])
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(['products:read']))
    expect(checkResourceAllowed({ requestedResource: resourceUrlFromServerUrl(SERVER), configuredResource: meta.resource })).toBe(true)
  })

  it('without a challenge, the SDK finds the metadata at the path-suffixed well-known URL first', async ({ expect }) => {
    fetched.length = 0
    const meta = await discoverOAuthProtectedResourceMetadata(SERVER, undefined, fetchFn)
    expect(fetched[0]).toBe('/.well-known/oauth-protected-resource/mcp')
    expect(meta.resource).toBe(SERVER)
  })

  it('for the REST API root, the resource is PUBLIC_URL itself', async ({ expect }) => {
    const meta = await discoverOAuthProtectedResourceMetadata(PUBLIC_URL, undefined, fetchFn)
    expect(meta.resource).toBe(PUBLIC_URL)
    expect(checkResourceAllowed({ requestedResource: `${PUBLIC_URL}/api/products`, configuredResource: meta.resource })).toBe(true)
  })
})
