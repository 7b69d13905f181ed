/** @module DLP on REST answers through the edge: redact, log, block, off, streams, the size bound, and analytics. */
import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseDictionary } from 'structured-headers'
import { originSaw, send } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'
import { edgeWith, LEAKED, originText, routesWith } from './support'

const token = (scopes = ['products:read']) => mintToken({ scopes, sub: agentId('dlp') })
const REDACT = { secret: 'redact', pii: 'redact' }
const marker = (id: string) => `[REDACTED:${id}]`

afterEach(() => vi.restoreAllMocks())

describe('the demo configuration (secrets, cards and IBANs redacted, other personal data logged)', () => {
  it('redacts the leaky billing answer, keeps it valid JSON, lists counts in X-Tollgate-DLP, and records a dlp data point', async () => {
    const points = vi.spyOn(env.SECURITY_EVENTS, 'writeDataPoint')
    const { response, requestId } = await send('/api/account/billing', { token: await token(['users:read']) })
    const text = await response.text()
    expect(response.status).toBe(200)
    expect(await originSaw(requestId)).toBe(true)
    for (const v of [LEAKED.card, LEAKED.stripe, LEAKED.awsKeyId, LEAKED.awsSecret, LEAKED.iban]) expect(text).not.toContain(v)
    const body = JSON.parse(text) as { billing: Record<string, any> }
    expect(body.billing).toMatchObject({
      account: 'acme-outdoor',
      card_on_file: marker('pii.card'),
      iban: marker('pii.iban'),
      contact: LEAKED.email,
      integration: { provider: 'payments', api_key: marker('secret.stripe_key') },
    })
    expect(body.billing['debug']).toBe(`aws sync failed for ${marker('secret.aws_access_key')} (aws_secret_access_key=${marker('secret.aws_secret_key')})`)
    const counts = Object.fromEntries([...parseDictionary(response.headers.get('x-tollgate-dlp')!).entries()].map(([k, [v]]) => [k, v]))
    expect(counts).toEqual({ 'pii.card': 1, 'pii.iban': 1, 'secret.aws_access_key': 1, 'secret.aws_secret_key': 1, 'secret.stripe_key': 1 })
    await vi.waitFor(() => expect(points.mock.calls.some(([p]) => p?.blobs?.[0] === 'dlp' && p.blobs[6] === requestId)).toBe(true))
    const point = points.mock.calls.map(([p]) => p!).find((p) => p.blobs?.[0] === 'dlp' && p.blobs[6] === requestId)!
    expect(point.blobs!.slice(0, 2)).toEqual(['dlp', 'DLP_REDACTED'])
    expect(point.blobs![7]).toBe('pii.card:1 pii.email:1 pii.iban:1 secret.aws_access_key:1 secret.aws_secret_key:1 secret.stripe_key:1')
    expect(point.doubles!.slice(5)).toEqual([6, 3])
    expect(JSON.stringify(point)).not.toMatch(/4539|sk_live|AKIA|ana\.lopez/)
  })

  it('logs the finding with fingerprints, never the values', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)))
    const get = edgeWith({})
    const a = await get('/api/account/billing', await token(['users:read']))
    const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['event'] === 'dlp_finding' && l['requestId'] === a.requestId)!
    expect(line).toMatchObject({ action: 'redact', code: 'DLP_REDACTED', mode: 'json', records: 3 })
    expect((line['fingerprints'] as string[]).every((f) => /^[a-z_.]+:[0-9a-f]{16}$/.test(f))).toBe(true)
    expect(lines.join('\n')).not.toMatch(/4539|sk_live_51|AKIAZ7|k8Jd9f|ana\.lopez|DE44/)
  })

  it('leaves clean answers byte for byte as the origin sent them', async () => {
    const get = edgeWith({})
    const a = await get('/api/products/3', await token())
    expect(a.status).toBe(200)
    expect(a.headers.has('x-tollgate-dlp')).toBe(false)
    expect(JSON.parse(a.text).product).toEqual(JSON.parse(await originText('/api/products/3')).product)
  })
})

describe('each action', () => {
  it('log: the answer passes unchanged, the finding is reported', async () => {
    const get = edgeWith({ ROUTES: routesWith({ dlp: { secret: 'log', pii: 'log' } }) })
    const a = await get('/api/leak/key', await token())
    expect(a.status).toBe(200)
    expect(a.text).toBe(await originText('/api/leak/key'))
    expect(a.headers.has('x-tollgate-dlp')).toBe(false)
  })

  it('block: 502 DLP_BLOCKED problem+json, nothing of the answer in it', async () => {
    const get = edgeWith({ ROUTES: routesWith({ dlp: { 'secret.private_key': 'block' } }) })
    const a = await get('/api/leak/key', await token())
    expect(a.status).toBe(502)
    expect(a.headers.get('content-type')).toBe('application/problem+json')
    expect(JSON.parse(a.text)).toMatchObject({ code: 'DLP_BLOCKED', status: 502, request_id: a.requestId })
    expect(a.text).not.toContain('PRIVATE KEY')
    expect(a.headers.get('x-request-id')).toBe(a.requestId)
    expect(a.headers.get('ratelimit-policy')).toBeTruthy()
    // Withheld on the way back: the origin did answer (the request itself was clean).
    expect(await originSaw(a.requestId)).toBe(true)
  })

  it('redact: the key is replaced by its marker, the rest of the JSON kept', async () => {
    const get = edgeWith({ ROUTES: routesWith({ dlp: REDACT }) })
    const a = await get('/api/leak/key', await token())
    expect(JSON.parse(a.text)).toEqual({ note: 'deploy key', key: marker('secret.private_key') })
  })

  it('off: a route with DLP off is not touched, even under a global policy', async () => {
    const get = edgeWith({ DLP_POLICY: REDACT, ROUTES: routesWith({ dlp: 'off' }) })
    const a = await get('/api/leak/key', await token())
    expect(a.text).toBe(await originText('/api/leak/key'))
    expect(a.text).toContain('BEGIN OPENSSH PRIVATE KEY')
  })
})

describe('streamed answers', () => {
  it.each([1, 3, 7, 13, 64])('text/plain cut every %i bytes: every secret redacted, content type kept', async (chunk) => {
    const get = edgeWith({ ROUTES: routesWith({ dlp: REDACT }) })
    const a = await get(`/api/leak/text?chunk=${chunk}`, await token())
    expect(a.status).toBe(200)
    expect(a.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(a.text).toBe(`line one\nroot creds ${marker('secret.aws_access_key')} then ${marker('secret.stripe_key')} and card ${marker('pii.card')}\ntail\n`)
  })

  it('block in a stream: the answer fails (an error, never a silently truncated body), and nothing after the finding arrives', async () => {
    const { createExecutionContext, waitOnExecutionContext } = await import('cloudflare:test')
    const { default: worker } = await import('../../../src/index')
    const patched = { ...env, ROUTES: routesWith({ dlp: { 'secret.stripe_key': 'block', secret: 'redact' } }) }
    const ctx = createExecutionContext()
    const res = await worker.fetch(new Request('https://edge.test/api/leak/text?chunk=5', { headers: { authorization: `Bearer ${await token()}` } }) as never, patched as never, ctx)
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    let seen = ''
    const failed = await (async () => {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return false
        seen += new TextDecoder().decode(value)
      }
    })().catch(() => true)
    await waitOnExecutionContext(ctx)
    expect(failed).toBe(true)
    expect(seen).not.toContain(LEAKED.stripe)
    expect(seen).not.toContain('tail')
  })

  it.each([2, 11])('SSE cut every %i bytes: events stay events, secrets redacted', async (chunk) => {
    const get = edgeWith({ ROUTES: routesWith({ dlp: REDACT }) })
    const a = await get(`/api/leak/sse?chunk=${chunk}`, await token())
    expect(a.headers.get('content-type')).toBe('text/event-stream')
    expect(a.text).toContain(`data: root creds ${marker('secret.aws_access_key')} then ${marker('secret.stripe_key')} and card ${marker('pii.card')}\n\n`)
    for (const v of [LEAKED.awsKeyId, LEAKED.stripe, LEAKED.cardCompact]) expect(a.text).not.toContain(v)
  })
})

describe('answers DLP cannot read', () => {
  it('over DLP_MAX_BUFFER_BYTES: 502 DLP_UNSCANNABLE by default, never truncated', async () => {
    const get = edgeWith({ DLP_MAX_BUFFER_BYTES: 2048, ROUTES: routesWith({ dlp: REDACT }) })
    const a = await get('/api/leak/big?bytes=5000', await token())
    expect(a.status).toBe(502)
    expect(JSON.parse(a.text)).toMatchObject({ code: 'DLP_UNSCANNABLE' })
    expect(a.text).not.toContain('4539')
  })

  it('over the bound with unscanned = "pass": the whole answer, untouched, and a logged event', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)))
    const get = edgeWith({ DLP_MAX_BUFFER_BYTES: 2048, ROUTES: routesWith({ dlp: { ...REDACT, unscanned: 'pass' } }) })
    const a = await get('/api/leak/big?bytes=5000', await token())
    expect(a.status).toBe(200)
    expect(a.text).toBe(await originText('/api/leak/big?bytes=5000'))
    expect(lines.some((l) => l.includes('"event":"dlp_finding"') && l.includes('"unscanned":"too_large"') && l.includes(a.requestId))).toBe(true)
  })

  it.each(['binary', 'latin1'])('%s: withheld under block, passed under pass', async (kind) => {
    const blocked = await edgeWith({ ROUTES: routesWith({ dlp: REDACT }) })(`/api/leak/${kind}`, await token())
    expect(blocked.status).toBe(502)
    expect(JSON.parse(blocked.text)).toMatchObject({ code: 'DLP_UNSCANNABLE' })
    const passed = await edgeWith({ ROUTES: routesWith({ dlp: { ...REDACT, unscanned: 'pass' } }) })(`/api/leak/${kind}`, await token())
    expect(passed.status).toBe(200)
  })
})
