/** Issue 12 items 10–11: override headers never reach the origin; the client address only from a trusted source. */
import { describe, expect, it } from 'vitest'
import type { Principal } from '../../../src/auth/principal'
import { clientAddress, isOverrideHeader, originRequestHeaders } from '../../../src/proxy/headers'

const principal: Principal = { agentId: 'agent-1', scopes: ['a:read'], tier: 'free', jti: 'j', iat: 1, exp: 2, meta: {} }
const TRUSTED = { host: undefined, trustCfConnectingIp: true }
const UNTRUSTED = { host: undefined, trustCfConnectingIp: false }

/** Method, URL, host, scheme, port, prefix and address overrides, in the spellings frameworks honour. */
const OVERRIDES: Array<[string, string]> = [
  ['X-HTTP-Method-Override', 'DELETE'],
  ['X-HTTP-Method', 'DELETE'],
  ['X-Method-Override', 'PUT'],
  ['X-HTTP-Method-Override', 'delete'],
  ['X-Original-URL', '/admin/users'],
  ['X-Rewrite-URL', '/admin/users'],
  ['X-Original-URI', '/admin'],
  ['X-Override-URL', '/admin'],
  ['X-Forwarded-Uri', '/admin'],
  ['X-Forwarded-Path', '/admin'],
  ['X-Forwarded-Prefix', '/admin'],
  ['X-Envoy-Original-Path', '/admin'],
  ['X-Forwarded-Host', 'evil.example'],
  ['X-Forwarded-Server', 'evil.example'],
  ['X-Host', 'evil.example'],
  ['X-Original-Host', 'evil.example'],
  ['X-HTTP-Host-Override', 'evil.example'],
  ['Forwarded', 'host=evil.example;proto=http'],
  ['X-Forwarded-Proto', 'http'],
  ['X-Forwarded-Protocol', 'http'],
  ['X-Forwarded-Scheme', 'http'],
  ['X-Forwarded-Ssl', 'off'],
  ['X-Url-Scheme', 'http'],
  ['Front-End-Https', 'off'],
  ['X-Forwarded-Port', '8080'],
  ['X-Forwarded-For', '10.0.0.1'],
  ['X-Real-IP', '10.0.0.1'],
  ['True-Client-IP', '10.0.0.1'],
  ['X-Client-IP', '10.0.0.1'],
  ['X-Cluster-Client-IP', '10.0.0.1'],
  ['Client-IP', '10.0.0.1'],
  ['X-Originating-IP', '10.0.0.1'],
  ['X-Remote-Addr', '10.0.0.1'],
  ['Fastly-Client-IP', '10.0.0.1'],
  ['CF-Connecting-IPv6', '::1'],
  ['CF-IPCountry', 'XX'],
  ['CF-Visitor', '{"scheme":"http"}'],
]

describe('override headers', () => {
  it.each(OVERRIDES)('%s never reaches the origin', (name, value) => {
    const h = originRequestHeaders(new Headers({ [name]: value, accept: 'text/plain' }), principal, 'rid', TRUSTED)
    expect(h.has(name)).toBe(false)
    expect(h.get('accept')).toBe('text/plain')
    expect(isOverrideHeader(name.toLowerCase())).toBe(true)
  })

  it('drops all of them at once, whatever their case', () => {
    const h = originRequestHeaders(new Headers(OVERRIDES.map(([n, v]) => [n.toUpperCase(), v])), principal, 'rid', UNTRUSTED)
    expect([...h.keys()].filter((k) => !k.startsWith('x-agent-') && k !== 'x-request-id')).toEqual([])
  })

  it.each(['accept', 'content-type', 'user-agent', 'if-none-match', 'x-api-version', 'idempotency-key', 'traceparent'])('keeps the ordinary header %s', (name) => {
    expect(isOverrideHeader(name)).toBe(false)
    expect(originRequestHeaders(new Headers({ [name]: 'v' }), principal, 'rid').get(name)).toBe('v')
  })
})

describe('Host', () => {
  it.each(['evil.example', 'localhost', '127.0.0.1:8080', 'api.example.com'])("the agent's Host %s is replaced by the configured one", (host) => {
    const h = originRequestHeaders(new Headers({ host }), principal, 'rid', { host: 'origin.internal.example', trustCfConnectingIp: false })
    expect(h.get('host')).toBe('origin.internal.example')
  })

  it("without ORIGIN_HOST the agent's Host is dropped (fetch derives it from the origin URL)", () => {
    expect(originRequestHeaders(new Headers({ host: 'evil.example' }), principal, 'rid').has('host')).toBe(false)
  })
})

describe('client address', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['2001:db8::1', '2001:db8::1'],
    [' 198.51.100.7 ', '198.51.100.7'],
  ])('behind the edge (trusted), CF-Connecting-IP %s becomes X-Forwarded-For', (sent, forwarded) => {
    const h = originRequestHeaders(new Headers({ 'cf-connecting-ip': sent, 'x-forwarded-for': '6.6.6.6' }), principal, 'rid', TRUSTED)
    expect(h.get('x-forwarded-for')).toBe(forwarded)
    expect(h.has('cf-connecting-ip')).toBe(false)
  })

  it.each(['203.0.113.9', '10.0.0.1', '127.0.0.1'])('untrusted, a client-sent CF-Connecting-IP %s is not an address', (sent) => {
    const h = originRequestHeaders(new Headers({ 'cf-connecting-ip': sent, 'x-forwarded-for': '6.6.6.6' }), principal, 'rid', UNTRUSTED)
    expect(h.has('x-forwarded-for')).toBe(false)
    expect(clientAddress(new Headers({ 'cf-connecting-ip': sent }), UNTRUSTED)).toBeUndefined()
  })

  it.each(['not-an-ip', '1.2.3.4, 5.6.7.8', '<script>', ''])('a malformed CF-Connecting-IP %j is ignored even when trusted', (sent) => {
    expect(clientAddress(new Headers({ 'cf-connecting-ip': sent }), TRUSTED)).toBeUndefined()
  })
})
