/**
 * @module Scenario 1: a sequential /api/products/{id} walk is caught by the distinct-id sketch and
 * escalates enumeration → throttle (429 ABNORMAL_USAGE) → block (403) with an alert.
 */
import { describe, expect, it } from 'vitest'
import { originSaw } from '../../support/http'
import { agentId, mintToken } from '../../support/tokens'
import { alertsFor, call, recordPoints, clockPerTest, type Point } from './support'

const clock = clockPerTest()

describe('scenario 1: sequential product walk', () => {
  it('enumeration → throttle → block, one data point per request, and an alert', async () => {
    const points = recordPoints()
    const sub = agentId('walker')
    const token = await mintToken({ sub, scopes: ['products:read'], tier: 'free', ttl: 900 })
    const seen: { id: number; status: number; code: string | undefined; type: string | undefined; retryAfter: string | null; requestId: string; point: Point }[] = []
    for (let id = 1; id <= 260; id++) {
      const r = await call(points, `/api/products/${id}`, { token })
      seen.push({ id, status: r.status, code: r.body.code, type: r.body.type, retryAfter: r.response.headers.get('retry-after'), requestId: r.requestId, point: r.point })
      if (r.status === 403) break
      clock.advance(1_100) // ~55 products a minute: just within the free tier's 60 rpm
    }
    const first = (pred: (s: (typeof seen)[number]) => boolean) => seen.findIndex(pred)
    const log = first((s) => s.point.action === 'log')
    const throttle = first((s) => s.point.action === 'throttle')
    const abnormal = first((s) => s.code === 'ABNORMAL_USAGE')
    const block = first((s) => s.status === 403)

    // Quiet at first: a few dozen distinct products is ordinary browsing.
    expect(seen.slice(0, 30).every((s) => s.status === 200 && s.point.action === 'none')).toBe(true)
    expect(0).toBeLessThan(log)
    expect(log).toBeLessThan(throttle)
    expect(throttle).toBeLessThanOrEqual(abnormal)
    // Until the throttle, the origin answered every request (the demo shop has 50 products: 404 after).
    expect(seen.slice(0, throttle).every((s) => s.status === 200 || s.status === 404)).toBe(true)
    expect(abnormal).toBeLessThan(block)
    // The throttle answers 429 ABNORMAL_USAGE with the abnormal-usage problem type, not quota.
    expect(seen[abnormal]).toMatchObject({ status: 429, code: 'ABNORMAL_USAGE', type: 'https://iana.org/assignments/http-problem-types#abnormal-usage-detected' })
    expect(seen[abnormal]!.retryAfter).toMatch(/^[1-9]\d*$/)
    expect(await originSaw(seen[abnormal]!.requestId)).toBe(false)
    expect(await originSaw(seen[block]!.requestId)).toBe(false)
    expect(seen[block]).toMatchObject({ code: 'AGENT_BLOCKED' })
    expect(seen[block]!.point).toMatchObject({ outcome: 'deny', code: 'AGENT_BLOCKED', action: 'block', agent: sub, endpoint: 'GET /api/products/:id', tier: 'free', status: 403 })
    expect(seen[block]!.point.risk).toBeGreaterThanOrEqual(0.7)
    // Risk only rises during the walk (it decays only when the walk stops).
    const risks = seen.map((s) => s.point.risk)
    for (let i = 1; i < risks.length; i++) expect(risks[i]! + 0.01).toBeGreaterThanOrEqual(risks[i - 1]!)

    // Exactly one data point per request, in the documented layout.
    expect(points.all().filter((p) => p.agent === sub)).toHaveLength(seen.length)
    expect(seen[abnormal]!.point).toMatchObject({ outcome: 'deny', code: 'ABNORMAL_USAGE', action: 'throttle', status: 429, cost: 1, bodyBytes: 0 })

    const [alert] = await alertsFor(sub)
    expect(alert!.contentType).toContain('application/json')
    expect(alert!.body.tollgate).toMatchObject({ agentId: sub, severity: 'high', action: 'block', endpoint: 'GET /api/products/:id', requestId: seen[block]!.point.requestId })
    expect(alert!.body.tollgate.anomalies).toContain('enumeration')
    expect(alert!.body.text).toContain(sub)
    console.log(`walk: log at #${log + 1}, throttle at #${throttle + 1}, first 429 at #${abnormal + 1}, block at #${block + 1}`)
  })
})
