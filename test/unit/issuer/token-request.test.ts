import { describe, expect, it } from 'vitest'
import { parseBasic, parseScope, parseTokenRequest, type RawTokenRequest } from '../../../src/issuer/token-request'

const FORM = 'application/x-www-form-urlencoded'
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`
const raw = (o: Partial<RawTokenRequest> & { form?: Record<string, string> }): RawTokenRequest => ({
  contentType: o.contentType ?? FORM,
  body: o.body ?? new URLSearchParams({ grant_type: 'client_credentials', ...o.form }).toString(),
  query: o.query ?? new URLSearchParams(),
  authorization: o.authorization,
})

describe('parseBasic (RFC 6749 §2.3.1: form-encoded, then base64)', () => {
  it.each([
    [basic('agent', 's3cret'), { id: 'agent', secret: 's3cret' }],
    [basic('a:b', 'x:y'), { id: 'a:b', secret: 'x:y' }],
    [`Basic ${Buffer.from('id:with+plus').toString('base64')}`, { id: 'id', secret: 'with plus' }],
    [`basic ${Buffer.from('id:').toString('base64')}`, { id: 'id', secret: '' }],
    [`Basic ${Buffer.from('no-colon').toString('base64')}`, undefined],
    ['Basic !!!', undefined],
    ['Bearer abc', undefined],
    [`Basic ${Buffer.from('id:%zz').toString('base64')}`, undefined],
  ])('%s', (header, expected) => {
    expect(parseBasic(header)).toEqual(expected)
  })
})

describe('parseScope (RFC 6749 §3.3)', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['  ', undefined],
    ['a', ['a']],
    ['a b a', ['a', 'b']],
    ['a  b', ['a', 'b']],
    ['a "b', null],
    ['a\\b', null],
    [Array.from({ length: 65 }, (_, i) => `s${i}`).join(' '), null],
  ])('%j → %j', (value, expected) => {
    expect(parseScope(value)).toEqual(expected)
  })
})

describe('parseTokenRequest', () => {
  it('reads client_secret_basic', () => {
    const r = parseTokenRequest(raw({ authorization: basic('agent', 'pw'), form: { scope: 'a b' } }))
    expect(r).toEqual({ ok: true, value: { clientId: 'agent', clientSecret: 'pw', method: 'client_secret_basic', scopes: ['a', 'b'], resources: [] } })
  })

  it('reads client_secret_post and repeated resource indicators (RFC 8707)', () => {
    const body = 'grant_type=client_credentials&client_id=agent&client_secret=pw&resource=https%3A%2F%2Fa&resource=https%3A%2F%2Fb'
    const r = parseTokenRequest(raw({ body }))
    expect(r).toEqual({ ok: true, value: { clientId: 'agent', clientSecret: 'pw', method: 'client_secret_post', scopes: undefined, resources: ['https://a', 'https://b'] } })
  })

  it('accepts a matching client_id next to Basic', () => {
    expect(parseTokenRequest(raw({ authorization: basic('agent', 'pw'), form: { client_id: 'agent' } })).ok).toBe(true)
  })

  it.each<[string, string, string, Partial<RawTokenRequest> & { form?: Record<string, string> }]>([
    ['JSON body', 'invalid_request', 'content_type', { contentType: 'application/json', authorization: basic('a', 'b') }],
    ['no content type', 'invalid_request', 'content_type', { contentType: '', authorization: basic('a', 'b') }],
    ['secret in the query', 'invalid_request', 'secret_in_query', { query: new URLSearchParams('client_secret=x'), authorization: basic('a', 'b') }],
    ['repeated parameter', 'invalid_request', 'duplicate_param', { body: 'grant_type=client_credentials&scope=a&scope=b', authorization: basic('a', 'b') }],
    ['no authentication', 'invalid_client', 'no_client_auth', {}],
    ['client_id without secret', 'invalid_client', 'no_client_secret', { form: { client_id: 'a' } }],
    ['malformed Basic', 'invalid_client', 'basic_malformed', { authorization: 'Basic %%%' }],
    ['Bearer instead of Basic', 'invalid_client', 'basic_malformed', { authorization: 'Bearer abc' }],
    ['two methods', 'invalid_request', 'two_methods', { authorization: basic('a', 'b'), form: { client_secret: 'b' } }],
    ['mismatched client_id', 'invalid_request', 'client_id_mismatch', { authorization: basic('a', 'b'), form: { client_id: 'c' } }],
    ['empty client id', 'invalid_client', 'credential_syntax', { authorization: basic('', 'b') }],
    ['control character in the secret', 'invalid_client', 'credential_syntax', { form: { client_id: 'a', client_secret: 'b\n' } }],
    ['overlong secret', 'invalid_client', 'credential_syntax', { form: { client_id: 'a', client_secret: 'x'.repeat(513) } }],
    ['no grant_type', 'invalid_request', 'no_grant_type', { body: 'client_id=a&client_secret=b' }],
    ['password grant', 'unsupported_grant_type', 'grant_type', { authorization: basic('a', 'b'), form: { grant_type: 'password' } }],
    ['bad scope token', 'invalid_scope', 'scope_syntax', { authorization: basic('a', 'b'), form: { scope: 'a"b' } }],
  ])('%s → %s (%s)', (_, error, reason, input) => {
    const r = parseTokenRequest(raw(input))
    expect(r.ok).toBe(false)
    if (!r.ok) expect([r.failure.error, r.failure.reason]).toEqual([error, reason])
  })

  it('never puts the secret in a failure', () => {
    const r = parseTokenRequest(raw({ authorization: basic('a', 'hunter2-secret'), form: { grant_type: 'password' } }))
    expect(JSON.stringify(r)).not.toContain('hunter2')
  })
})
