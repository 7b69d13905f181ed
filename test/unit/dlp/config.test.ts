/** @module DLP configuration: defaults, merging per route and tool, and bad fields failing closed by name. */
import { describe, expect, it } from 'vitest'
import { budgetsFor, policyFor, recordsBudgets } from '../../../src/config/dlp'
import { loadConfig } from '../../../src/config/load'
import { configErrorOf, minimalEnv } from '../../support/config-error'
import { fakeNamespace } from '../../support/namespace'

const env = (extra: Record<string, unknown> = {}) => ({
  ...minimalEnv(),
  TOOL_PINS: fakeNamespace(),
  ROUTES: [
    { method: 'GET', path: '/api/orders' },
    { method: 'GET', path: '/api/users/me', dlp: { 'pii.email': 'redact', unscanned: 'pass' }, records_per_day: { pii: 100 } },
    { method: 'GET', path: '/api/health', dlp: 'off' },
  ],
  MCP_TOOLS: [
    { name: 'lookup', dlp: { secret: 'block' } },
    { name: 'quiet', dlp: 'off', records_per_day: { 'pii.email': 5 } },
  ],
  ...extra,
})

describe('DLP config', () => {
  it('is off everywhere by default: no policy, so the response stage skips every answer', () => {
    const { dlp } = loadConfig(env({ ROUTES: [{ method: 'GET', path: '/a' }], MCP_TOOLS: [] }))
    expect(dlp.fallback).toBeUndefined()
    expect(policyFor(dlp, 'routes', 'GET /a')).toBeUndefined()
    expect(dlp.maxBufferBytes).toBe(1024 * 1024)
    expect(dlp.minConfidence).toBe('medium')
  })

  it('merges route and tool overrides over DLP_POLICY; "off" switches one off; unlisted routes get the global policy', () => {
    const { dlp } = loadConfig(env({ DLP_POLICY: { secret: 'redact', pii: 'log' } }))
    expect([...policyFor(dlp, 'routes', 'GET /api/orders')!.actions.entries()].find(([id]) => id === 'pii.email')).toEqual(['pii.email', 'log'])
    const me = policyFor(dlp, 'routes', 'GET /api/users/me')!
    expect(me.actions.get('pii.email')).toBe('redact')
    expect(me.actions.get('pii.card')).toBe('log')
    expect(me.actions.get('secret.jwt')).toBe('redact')
    expect(me.unscanned).toBe('pass')
    expect(policyFor(dlp, 'routes', 'GET /api/health')).toBeUndefined()
    expect(policyFor(dlp, 'routes', 'GET *')?.label).toBe('pii=log,secret=redact')
    expect(policyFor(dlp, 'tools', 'lookup')!.actions.get('secret.github_token')).toBe('block')
    expect(policyFor(dlp, 'tools', 'quiet')).toBeUndefined()
  })

  it('accepts JSON text (from --var or secrets) as well as TOML tables', () => {
    const { dlp } = loadConfig(env({ DLP_POLICY: '{"secret":"redact"}', DLP_RECORDS_PER_DAY: '{"free":{"pii":500}}', DLP_MAX_BUFFER_BYTES: '65536', DLP_MIN_CONFIDENCE: 'high' }))
    expect(dlp.fallback?.label).toBe('secret=redact')
    expect(dlp.maxBufferBytes).toBe(65_536)
    expect(dlp.minConfidence).toBe('high')
    expect(budgetsFor(dlp, 'free', 'GET /api/users/me')).toEqual([
      { key: '*|pii', prefix: 'pii', limit: 500 },
      { key: 'GET /api/users/me|pii', prefix: 'pii', limit: 100 },
    ])
    expect(recordsBudgets(dlp, 'premium', 'GET /api/orders')).toEqual({})
    expect(budgetsFor(dlp, 'premium', 'mcp:quiet')).toEqual([{ key: 'mcp:quiet|pii.email', prefix: 'pii.email', limit: 5 }])
  })

  it.each([
    ['an unknown category', { DLP_POLICY: { secrets: 'redact' } }, ['DLP_POLICY', 'secrets', 'a detector id or category prefix']],
    ['an unknown action', { DLP_POLICY: { secret: 'mask' } }, ['DLP_POLICY', 'one of off, log, redact, block']],
    ['an unknown unscanned action', { DLP_POLICY: { unscanned: 'ignore' } }, ['DLP_POLICY', 'unscanned']],
    ['a typo in a route policy', { ROUTES: [{ method: 'GET', path: '/a', dlp: { 'pii.cards': 'redact' } }] }, ['ROUTES', 'pii.cards']],
    ['a typo in a tool policy', { MCP_TOOLS: [{ name: 't', dlp: { secret_key: 'redact' } }] }, ['MCP_TOOLS', 'secret_key']],
    ['a budget on secrets', { DLP_RECORDS_PER_DAY: { free: { secret: 10 } } }, ['DLP_RECORDS_PER_DAY', 'a personal-data category']],
    ['a budget for an unknown tier', { DLP_RECORDS_PER_DAY: { gold: { pii: 10 } } }, ['DLP_RECORDS_PER_DAY', 'gold', 'a configured tier']],
    ['a zero budget', { ROUTES: [{ method: 'GET', path: '/a', records_per_day: { pii: 0 } }] }, ['ROUTES', 'records_per_day']],
    ['a buffer bound too small', { DLP_MAX_BUFFER_BYTES: 10 }, ['DLP_MAX_BUFFER_BYTES']],
    ['a short fingerprint key', { DLP_FINGERPRINT_KEY: 'short' }, ['DLP_FINGERPRINT_KEY', 'at least 32 characters']],
    ['an unknown confidence', { DLP_MIN_CONFIDENCE: 'certain' }, ['DLP_MIN_CONFIDENCE']],
  ])('fails closed on %s, naming the field', (_, extra, needles) => {
    const message = configErrorOf(env(extra))
    for (const n of needles) expect(message).toContain(n)
    expect(message).not.toContain('short"')
  })
})
