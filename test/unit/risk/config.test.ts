/** @module Risk configuration: defaults, overrides, and bad fields failing closed by name. */
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load'
import { DEFAULT_RISK_POLICY } from '../../../src/guard/risk-policy'
import { configErrorOf } from '../../support/config-error'
import { fakeNamespace } from '../../support/namespace'

const JWKS = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'fwGe8kiEfwcvZVAmTcFGLKGSVOL9eD6kDOOnT2l2pIQ', kid: 'k1' }] }
const ROUTES = [
  { method: 'GET', path: '/api/users/me' },
  { method: 'GET', path: '/api/orders' },
  { method: 'POST', path: '/api/reviews' },
]
const env = (extra: Record<string, unknown> = {}) => ({
  ORIGIN_URL: 'https://api.example.com',
  JWT_ISSUER: 'https://auth.example.com',
  JWT_AUDIENCE: 'https://api.example.com',
  JWT_JWKS: JWKS,
  AGENT_GUARD: fakeNamespace(),
  ROUTES,
  ...extra,
})

const errorOf = configErrorOf

describe('risk config', () => {
  it('defaults to DEFAULT_RISK_POLICY and no webhook', () => {
    const { risk } = loadConfig(env())
    expect(risk.policy).toEqual(DEFAULT_RISK_POLICY)
    expect(risk.alert.webhookUrl).toBeUndefined()
  })

  it('reads every field, from TOML-style objects or JSON/strings', () => {
    const { risk } = loadConfig(
      env({
        RISK_THRESHOLDS: '{"log":0.2,"throttle":0.4}',
        RISK_THROTTLE_FACTOR: '0.5',
        RISK_THROTTLE_SECONDS: 60,
        RISK_BLOCK_SECONDS: '120',
        RISK_SHADOW: 'true',
        RISK_SIGNALS: { pace: 'off', enumeration: { weight: 0.5 }, findings: { mode: 'shadow' } },
        RISK_HALF_LIFE_SECONDS: 300,
        RISK_WARMUP_REQUESTS: 10,
        RISK_WARMUP_SECONDS: 0,
        RISK_ENUMERATION: { start: 10, full: 50, window_seconds: 60 },
        SENSITIVE_CHAINS: [{ name: 'agg', steps: ['GET /api/users/me', 'GET /api/orders', 'POST /api/reviews'], window_seconds: 300, weight: 0.8 }],
        ALERT_WEBHOOK_URL: 'https://hooks.example.com/T0/B0/x',
      }),
    )
    expect(risk.policy).toMatchObject({
      thresholds: { log: 0.2, throttle: 0.4, block: 0.7, revoke: 0.9 },
      throttleFactor: 0.5,
      throttleMs: 60_000,
      blockMs: 120_000,
      shadow: true,
      halfLifeMs: 300_000,
      warmupRequests: 10,
      warmupMs: 0,
      enumeration: { start: 10, full: 50, windowMs: 60_000 },
      chains: [{ name: 'agg', steps: ['GET /api/users/me', 'GET /api/orders', 'POST /api/reviews'], windowMs: 300_000, weight: 0.8 }],
    })
    expect(risk.policy.signals.pace).toEqual({ mode: 'off', weight: DEFAULT_RISK_POLICY.signals.pace.weight })
    expect(risk.policy.signals.enumeration).toEqual({ mode: 'on', weight: 0.5 })
    expect(risk.policy.signals.findings.mode).toBe('shadow')
    expect(risk.alert.webhookUrl).toBe('https://hooks.example.com/T0/B0/x')
  })

  it.each([
    ['RISK_THRESHOLDS', { RISK_THRESHOLDS: { throttle: 0.8 } }, /log ≤ throttle ≤ block ≤ revoke[\s\S]*RISK_THRESHOLDS/],
    ['RISK_THRESHOLDS', { RISK_THRESHOLDS: { log: 2 } }, /RISK_THRESHOLDS/],
    ['RISK_THROTTLE_FACTOR', { RISK_THROTTLE_FACTOR: 0 }, /RISK_THROTTLE_FACTOR/],
    ['RISK_SIGNALS', { RISK_SIGNALS: { nonsense: 'on' } }, /RISK_SIGNALS/],
    ['RISK_SIGNALS', { RISK_SIGNALS: { pace: 'loud' } }, /RISK_SIGNALS/],
    ['RISK_ENUMERATION', { RISK_ENUMERATION: { start: 50, full: 10 } }, /greater than start[\s\S]*RISK_ENUMERATION/],
    ['SENSITIVE_CHAINS', { SENSITIVE_CHAINS: [{ name: 'x', steps: ['GET /api/users/me'], window_seconds: 60 }] }, /at least 2 steps[\s\S]*SENSITIVE_CHAINS/],
    ['SENSITIVE_CHAINS', { SENSITIVE_CHAINS: [{ name: 'x', steps: ['GET /api/users/me', 'GET /api/typo'], window_seconds: 60 }] }, /configured route[\s\S]*SENSITIVE_CHAINS/],
    ['ALERT_WEBHOOK_URL', { ALERT_WEBHOOK_URL: 'not a url' }, /ALERT_WEBHOOK_URL/],
  ])('a bad %s fails closed, naming the field', (_field, extra, message) => {
    expect(errorOf(env(extra))).toMatch(message)
  })

  it('an MCP tool step is accepted by prefix', () => {
    expect(errorOf(env({ SENSITIVE_CHAINS: [{ name: 'm', steps: ['GET /api/users/me', 'mcp:send_notification'], window_seconds: 60 }] }))).toBe('')
  })
})
