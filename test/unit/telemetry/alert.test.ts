/** @module Alerts against a real local webhook receiver: body shape, bounded retries, never throwing. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { alertBody, sendAlert, type AlertEvent } from '../../../src/telemetry/alert'

const ALERT: AlertEvent = {
  agentId: 'agent-7',
  severity: 'critical',
  risk: 0.93,
  anomalies: ['findings', 'denials'],
  action: 'revoke',
  endpoint: 'POST /api/search',
  requestId: 'req-123',
  blockedUntil: 1_900_000_600_000,
  at: 1_900_000_000_000,
}

/** Answers with the next status in `script` (then 200) and records every body. */
let server: Server
let base = ''
const received: { path: string; body: unknown; type: string | undefined }[] = []
const scripts = new Map<string, number[]>()

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = req.url ?? '/'
      received.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'), type: req.headers['content-type'] })
      const status = scripts.get(path)?.shift() ?? 200
      if (status === 0) return // never answer: a hung receiver
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

const hits = (path: string) => received.filter((r) => r.path === path)

describe('alert body', () => {
  it('is Slack-compatible: text plus fields, and a machine-readable object', () => {
    const body = alertBody(ALERT)
    expect(body.text).toContain('agent-7')
    expect(body.text).toContain('0.93')
    expect(body.text).toContain('findings, denials')
    expect(body.text).toContain('req-123')
    expect(body.attachments[0]!.fields.map((f) => f.title)).toEqual(['Agent', 'Severity', 'Risk', 'Action', 'Anomalies', 'Endpoint', 'Request id'])
    expect(body.tollgate).toEqual({ kind: 'risk_alert', ...ALERT, anomalies: ['findings', 'denials'] })
  })
})

describe('sendAlert', () => {
  it('POSTs JSON once when the receiver accepts', async () => {
    expect(await sendAlert(`${base}/ok`, ALERT)).toEqual({ ok: true, attempts: 1, status: 200 })
    expect(hits('/ok')).toHaveLength(1)
    expect(hits('/ok')[0]).toMatchObject({ type: 'application/json', body: { tollgate: { agentId: 'agent-7' } } })
  })

  it('retries 5xx and 429, then succeeds', async () => {
    scripts.set('/flaky', [503, 429])
    expect(await sendAlert(`${base}/flaky`, ALERT, { backoffMs: [1, 1] })).toEqual({ ok: true, attempts: 3, status: 200 })
    expect(hits('/flaky')).toHaveLength(3)
  })

  it('gives up after the bounded number of attempts', async () => {
    scripts.set('/down', [500, 500, 500, 500])
    expect(await sendAlert(`${base}/down`, ALERT, { backoffMs: [1] })).toEqual({ ok: false, attempts: 3, status: 500 })
  })

  it('does not retry a 4xx other than 429 (it would fail the same way)', async () => {
    scripts.set('/gone', [404])
    expect(await sendAlert(`${base}/gone`, ALERT)).toEqual({ ok: false, attempts: 1, status: 404 })
  })

  it('times out a hung receiver and never throws', async () => {
    scripts.set('/hang', [0, 0])
    const r = await sendAlert(`${base}/hang`, ALERT, { attempts: 2, timeoutMs: 50, backoffMs: [1] })
    expect(r).toMatchObject({ ok: false, attempts: 2 })
    expect(await sendAlert('http://127.0.0.1:1/refused', ALERT, { attempts: 2, backoffMs: [1] })).toMatchObject({ ok: false, attempts: 2 })
  })
})
