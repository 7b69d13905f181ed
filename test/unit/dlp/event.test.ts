/** @module Findings as events: counts and keyed fingerprints, never values; records per budget; alerts deduplicated. */
import { describe, expect, it } from 'vitest'
import { alertCause, ALERT_EVERY_MS, dlpAlertBody, shouldAlert } from '../../../src/dlp/alert'
import { chargesFor, findingEvent, fingerprint, recordsOf } from '../../../src/dlp/event'
import { newTally, scanString } from '../../../src/dlp/scan'
import { toDataPoint, toLogLine, type Decision } from '../../../src/telemetry/decision'
import { REDACT_ALL, SECRETS } from './fixtures'

const CTX = { requestId: 'req-9', agentId: 'agent-1', tier: 'free', endpoint: 'GET /api/account/billing' }
const KEY = 'k'.repeat(32)

describe('finding events', () => {
  it('carry counts, records and fingerprints, and no matched value anywhere', async () => {
    const tally = newTally()
    scanString(`card 4539 1488 0343 6467 mail ana.lopez@acmeshop.dev key ${SECRETS.stripe}`, {}, REDACT_ALL, tally)
    const e = await findingEvent(CTX, 'json', tally, { key: KEY, at: 1 })
    expect(e).toMatchObject({ kind: 'dlp_finding', ...CTX, mode: 'json', action: 'redact', outcome: 'complete', records: 2 })
    expect(e.findings).toEqual([
      { id: 'pii.card', category: 'pii', count: 1, redacted: 1 },
      { id: 'pii.email', category: 'pii', count: 1, redacted: 1 },
      { id: 'secret.stripe_key', category: 'secret', count: 1, redacted: 1 },
    ])
    expect(e.fingerprints.map((f) => f.fingerprint)).toEqual(e.fingerprints.map(() => expect.stringMatching(/^[0-9a-f]{16}$/)))
    const wire = JSON.stringify([e, dlpAlertBody(e, 'secret')])
    for (const v of ['4539', 'ana.lopez', 'sk_live']) expect(wire).not.toContain(v)
  })

  it('fingerprints are keyed: stable under one key, different under another', async () => {
    const a = await fingerprint(KEY, 'pii.card', '4539148803436467')
    expect(await fingerprint(KEY, 'pii.card', '4539148803436467')).toBe(a)
    expect(await fingerprint('z'.repeat(32), 'pii.card', '4539148803436467')).not.toBe(a)
    expect(await fingerprint(undefined, 'pii.card', '4539148803436467')).toMatch(/^[0-9a-f]{16}$/)
  })

  it('counts personal-data records per budget prefix', () => {
    const counts = { 'pii.email': 3, 'pii.card': 2, 'secret.jwt': 1, 'pii.national_id.us_ssn': 1 }
    expect(recordsOf(counts)).toBe(6)
    expect(chargesFor(counts, [{ key: '*|pii', prefix: 'pii', limit: 9 }, { key: 'e|pii.email', prefix: 'pii.email', limit: 9 }, { key: 'n|pii.national_id', prefix: 'pii.national_id', limit: 9 }]).map((c) => c.n)).toEqual([6, 3, 1])
  })

  it('alerts for secrets, blocks and crossed budgets, once per endpoint and cause per window', async () => {
    const pii = await findingEvent(CTX, 'json', Object.assign(newTally(), { counts: { 'pii.email': 1 }, worst: 'log' as const }))
    expect(alertCause(pii, false)).toBeUndefined()
    expect(alertCause(pii, true)).toBe('records_budget')
    const secret = await findingEvent(CTX, 'json', Object.assign(newTally(), { counts: { 'secret.jwt': 1 }, worst: 'redact' as const }))
    expect(alertCause(secret, false)).toBe('secret')
    expect(shouldAlert('GET /x', 'secret', 1_000)).toBe(true)
    expect(shouldAlert('GET /x', 'secret', 2_000)).toBe(false)
    expect(shouldAlert('GET /y', 'secret', 2_000)).toBe(true)
    expect(shouldAlert('GET /x', 'secret', 1_000 + ALERT_EVERY_MS)).toBe(true)
  })
})

describe('analytics layout', () => {
  const D: Decision = { requestId: 'req-1', agentId: 'a', outcome: 'dlp', code: 'DLP_REDACTED', reason: '', endpoint: 'GET /x', tier: 'free', ruleIds: ['pii.card'], action: 'redact', risk: 0, cost: 0, bodyBytes: 0, latencyMs: 3, status: 200 }

  it('appends blob8 (findings) and double6/double7 (findings, records) only on DLP points', () => {
    const p = toDataPoint({ ...D, dlp: { counts: { 'secret.jwt': 1, 'pii.card': 2 }, records: 2 } })
    expect(p.blobs).toEqual(['dlp', 'DLP_REDACTED', 'GET /x', 'free', 'pii.card', 'redact', 'req-1', 'pii.card:2 secret.jwt:1'])
    expect(p.doubles).toEqual([0, 0, 0, 3, 200, 3, 2])
    expect(toDataPoint(D).blobs).toHaveLength(7)
    expect(toLogLine({ ...D, dlp: { counts: { 'pii.card': 2 }, records: 2 } })).toMatchObject({ findings: 'pii.card:2', records: 2 })
  })
})
