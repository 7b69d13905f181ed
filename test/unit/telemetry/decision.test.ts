/** @module The Analytics Engine data point layout (docs/analytics.md) and the log line. */
import { describe, expect, it } from 'vitest'
import { toDataPoint, toLogLine, type Decision } from '../../../src/telemetry/decision'

const D: Decision = {
  requestId: 'req-1',
  agentId: 'agent-1',
  outcome: 'deny',
  code: 'ABNORMAL_USAGE',
  reason: 'risk throttle: over limit: minute',
  endpoint: 'GET /api/products/:id',
  tier: 'free',
  ruleIds: ['XSS-002', 'PI-001'],
  action: 'throttle',
  risk: 0.55,
  cost: 1,
  bodyBytes: 0,
  latencyMs: 12,
  status: 429,
}

describe('data point', () => {
  it('has the documented layout: index agent; blobs outcome…request id; doubles risk…status', () => {
    expect(toDataPoint(D)).toEqual({
      indexes: ['agent-1'],
      blobs: ['deny', 'ABNORMAL_USAGE', 'GET /api/products/:id', 'free', 'PI-001 XSS-002', 'throttle', 'req-1'],
      doubles: [0.55, 1, 0, 12, 429],
    })
  })

  it('keeps shadow decisions apart from enforced ones', () => {
    expect(toDataPoint({ ...D, action: 'log', shadowAction: 'block' }).blobs![5]).toBe('shadow:block')
  })

  it('indexes unauthenticated requests as anonymous, and bounds blob sizes', () => {
    const p = toDataPoint({ ...D, agentId: undefined, endpoint: 'x'.repeat(5000), ruleIds: Array(200).fill('RULE-000') })
    expect(p.indexes).toEqual(['anonymous'])
    expect((p.blobs![2] as string).length).toBe(256)
    expect((p.blobs![4] as string).length).toBe(512)
  })
})

describe('log line', () => {
  it('carries ids, codes and numbers only', () => {
    const line = toLogLine({ ...D, anomalies: ['enumeration:0.6'] })
    expect(line).toMatchObject({ event: 'decision', requestId: 'req-1', anomalies: ['enumeration:0.6'] })
    expect(Object.keys(line).sort()).toEqual(
      ['action', 'agentId', 'anomalies', 'bodyBytes', 'code', 'cost', 'endpoint', 'event', 'latencyMs', 'outcome', 'reason', 'requestId', 'risk', 'ruleIds', 'status', 'tier'],
    )
  })

  it('drops anything else a caller attaches to the decision (a token, a body)', () => {
    const leaky = { ...D, token: 'eyJhbGciOiJFZERTQSJ9.x.y', body: '{"secret":1}' } as Decision
    const text = JSON.stringify(toLogLine(leaky))
    expect(text).not.toContain('eyJ')
    expect(text).not.toContain('secret')
  })
})
