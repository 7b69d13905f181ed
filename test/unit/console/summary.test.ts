/** The overview from event-log events: buckets, codes, rankings. */
import { describe, expect, it } from 'vitest'
import { bucketsFor, codesByVolume, summarizeEvents } from '../../../src/console/summary'
import { riskFactors } from '../../../src/console/views/agent'
import type { SecurityEvent } from '../../../src/events/event'

const NOW = Date.UTC(2026, 10, 28, 12, 2, 30)
const ev = (o: Partial<SecurityEvent>): SecurityEvent => ({ kind: 'denial', code: 'RATE_LIMITED', agentId: 'a', endpoint: 'GET /api/products', reason: 'r', requestId: 'q', at: NOW, status: 429, risk: 0.1, ...o })

describe('summarizeEvents', () => {
  it('twelve five-minute buckets ending with the current one', () => {
    const { buckets, bucketMs } = bucketsFor(NOW)
    expect(bucketMs).toBe(300_000)
    expect(buckets).toHaveLength(12)
    expect(buckets[11]).toBe(Date.UTC(2026, 10, 28, 12, 0, 0))
  })

  it('counts per bucket and code, ranks agents by denials and by risk, ignores operator actions and old events', () => {
    const events = [
      ev({ agentId: 'a' }),
      ev({ agentId: 'a', code: 'AGENT_BLOCKED', risk: 0.3 }),
      ev({ agentId: 'b', risk: 0.9, endpoint: 'mcp:search_products' }),
      ev({ agentId: null, code: 'ADMIN_UNAUTHORIZED', kind: 'auth_failure' }),
      ev({ kind: 'admin_action', code: 'ADMIN_BLOCK' }),
      ev({ at: NOW - 2 * 3_600_000 }),
    ]
    const o = summarizeEvents(events, NOW)
    expect(o.total).toBe(4)
    expect(o.byAgent).toEqual([
      { key: 'a', count: 2 },
      { key: 'b', count: 1 },
    ])
    expect(o.byRisk.map((r) => [r.key, r.risk])).toEqual([
      ['b', 0.9],
      ['a', 0.3],
    ])
    expect(o.byEndpoint[0]).toEqual({ key: 'GET /api/products', count: 3 })
    expect(codesByVolume(o.series)).toEqual(['RATE_LIMITED', 'ADMIN_UNAUTHORIZED', 'AGENT_BLOCKED'])
  })

  it('an event carrying counted repeats stands for all of them; global suppression is not attributed', () => {
    const o = summarizeEvents([ev({ details: { repeats: 9 } }), ev({ agentId: 'b', details: { suppressed: 50 } })], NOW)
    expect(o.total).toBe(11)
    expect(o.byAgent).toEqual([
      { key: 'a', count: 10 },
      { key: 'b', count: 1 },
    ])
  })
})

describe('riskFactors', () => {
  it('collects signals from anomalies details, strongest first, shadow marked', () => {
    const f = riskFactors([ev({ details: { anomalies: 'enumeration:0.62 denials:0.2' } }), ev({ details: { anomalies: 'enumeration:0.7 pace:0.4(shadow) <b>:1' } })])
    expect(f).toEqual([
      { signal: 'enumeration', strength: 0.7, seen: 2, shadow: false },
      { signal: 'pace', strength: 0.4, seen: 1, shadow: true },
      { signal: 'denials', strength: 0.2, seen: 1, shadow: false },
    ])
  })
})
