/**
 * Every console view renders attacker-chosen strings inert: paths, agent ids, codes, reasons, request
 * ids, details, tool names and definitions, block reasons, filter values, chart labels. Several payload
 * shapes per field (test/support/html.ts); the page must contain only the console's own markup.
 */
import { describe, expect, it } from 'vitest'
import type { SecurityEvent } from '../../../src/events/event'
import type { AgentSnapshot } from '../../../src/guard/protocol'
import type { PinRow } from '../../../src/mcp/pins-core'
import { summarizeEvents } from '../../../src/console/summary'
import { AgentPage } from '../../../src/console/views/agent'
import { FeedPage } from '../../../src/console/views/feed'
import type { Page } from '../../../src/console/views/layout'
import { LoginPage } from '../../../src/console/views/login'
import { OverviewPage } from '../../../src/console/views/overview'
import { PinsPage } from '../../../src/console/views/pins'
import { expectInert, XSS_PAYLOADS } from '../../support/html'

const BASE = '/_tollgate/admin/console'
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0)
const page = (active: Page['active']): Page => ({ base: BASE, csrf: 'A'.repeat(43), operator: 'admin-token', active })
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
const render = async (node: unknown): Promise<string> => String(await (node as { toString(): string | Promise<string> }).toString())

const event = (p: string, i: number): SecurityEvent => ({
  kind: 'denial',
  code: p.slice(0, 64),
  agentId: p.slice(0, 128),
  endpoint: `GET /api/${p}`,
  reason: p,
  requestId: p.slice(0, 128),
  at: NOW - i * 60_000,
  status: 400,
  risk: 0.5,
  details: { rules: p, anomalies: `${p}:0.5`, client: p.slice(0, 64) },
})

describe.each(XSS_PAYLOADS.map((p) => [p]))('payload %s', (payload) => {
  const events = [event(payload, 0), event(payload, 1), { ...event(payload, 2), kind: 'alert' }]

  it('feed: every event field and the reflected filter values', async () => {
    const html = await render(FeedPage({ page: page('feed'), filter: { agent: payload, code: payload, kind: payload, minutes: 60, live: false }, events, notices: [payload], error: payload }))
    expectInert(html, BASE)
    // The payload is shown (escaped), not dropped.
    expect(html).toContain(escapeHtml(payload))
  })

  it('overview: chart labels (SVG), legend, rankings and current blocks', async () => {
    const overview = summarizeEvents(events, NOW)
    const html = await render(OverviewPage({ page: page('overview'), model: { overview, blocks: [{ agentId: payload, until: NOW + 60_000, reason: payload }], notices: [payload] } }))
    expectInert(html, BASE)
    expect(html).toContain('<svg')
  })

  it('agent page: snapshot strings, events, risk factors', async () => {
    const snapshot: AgentSnapshot = {
      agentId: payload,
      blocked: { until: null, reason: payload },
      revokedBefore: 1_800_000_000,
      revokedJtis: 2,
      policies: [{ name: payload, limit: 10, windowSeconds: 60, remaining: 3, resetSeconds: 5 }],
      rejected: { total: 1, lastMinute: 1 },
      admitted: { total: 5 },
      risk: 0.5,
      stateBytes: 100,
      profile: {
        requests: 5,
        firstSeen: NOW - 60_000,
        lastSeen: NOW,
        endpoints: 2,
        transitions: 1,
        typicalBodyBytes: 40,
        pace: { recentPerMinute: 3, baselinePerMinute: 1 },
        chainsInProgress: [payload],
        riskState: { score: 0.5, evidence: 0.2, at: NOW, throttledUntil: NOW + 1000, escalation: 1 },
      },
    }
    const html = await render(AgentPage({ page: page('agent'), agentId: payload, snapshot, events, flash: { ok: payload, error: payload } }))
    expectInert(html, BASE)
  })

  it('pins: tool names, hashes, poisoned rule ids and both definitions', async () => {
    const def = JSON.stringify({ name: payload, description: payload, inputSchema: { type: 'object', properties: { [payload]: { description: payload } } } })
    const row: PinRow = {
      name: payload,
      pinned: payload,
      pending: `${payload}2`,
      firstSeen: NOW,
      changedAt: NOW,
      poisoned: { hash: `${payload}2`, ruleIds: [payload], at: NOW },
      definitions: { [payload]: def, [`${payload}2`]: `${def}${payload}` },
    }
    const other: PinRow = { ...row, name: `${payload}-other`, pending: null }
    const html = await render(PinsPage({ page: page('pins'), rows: [row, other], flash: { ok: payload }, unavailable: payload }))
    expectInert(html, BASE)
  })

  it('login page error text', async () => {
    expectInert(await render(LoginPage({ base: BASE, error: payload, tokenLogin: true, access: true })), BASE)
  })
})

describe('links', () => {
  it('agent links are path-encoded under the console, whatever the id', async () => {
    const html = await render(FeedPage({ page: page('feed'), filter: { live: false }, events: [event('javascript:alert(1)', 0)], notices: [] }))
    expect(html).toContain(`href="${BASE}/agents/javascript%3Aalert(1)"`)
  })
})
