/** Bindings are checked at load: a missing or wrong one fails closed naming it, and only when it is needed. */
import { describe, expect, it } from 'vitest'
import { ClientAuthLimiterClient } from '../../../src/clients/client-auth-limiter'
import { GuardClient } from '../../../src/clients/guard'
import { ToolPinsClient } from '../../../src/clients/tool-pins'
import { loadConfig } from '../../../src/config/load'
import { configErrorOf, issueAt, minimalEnv } from '../../support/config-error'
import { fakeNamespace } from '../../support/namespace'
import { issuerEnv } from '../issuer/fixtures'

const TOOLS = [{ name: 'search_products', scopes: ['search:execute'] }]
const valid = (): Record<string, unknown> => ({ ...minimalEnv() })

describe('bindings at load', () => {
  it('builds one client per namespace from a valid env', () => {
    const c = loadConfig({ ...valid(), MCP_TOOLS: TOOLS, TOOL_PINS: fakeNamespace(), GUARD_TIMEOUT_MS: 700 })
    expect(c.clients.guard).toBeInstanceOf(GuardClient)
    expect(c.clients.pins).toBeInstanceOf(ToolPinsClient)
    expect(c.clients.clientAuth).toBeUndefined()
    expect(c.clients.events).toBeUndefined()
  })

  it.each([
    ['AGENT_GUARD missing', { AGENT_GUARD: undefined }, 'AGENT_GUARD', /Durable Object binding to class AgentGuard/],
    ['AGENT_GUARD a string', { AGENT_GUARD: 'AgentGuard' }, 'AGENT_GUARD', /Durable Object binding to class AgentGuard/],
    ['AGENT_GUARD an object that is no namespace', { AGENT_GUARD: { get: 1 } }, 'AGENT_GUARD', /class AgentGuard/],
    ['TOOL_PINS missing while MCP_TOOLS declares tools', { MCP_TOOLS: TOOLS }, 'TOOL_PINS', /required when MCP_TOOLS declares tools.*class ToolPins/],
    ['TOOL_PINS bound to a var', { TOOL_PINS: 'ToolPins' }, 'TOOL_PINS', /class ToolPins/],
    ['CLIENT_AUTH_LIMITER bound to a var', { CLIENT_AUTH_LIMITER: 'x' }, 'CLIENT_AUTH_LIMITER', /class ClientAuthLimiter/],
    ['SECURITY_EVENTS bound to a var', { SECURITY_EVENTS: 'tollgate_security_events' }, 'SECURITY_EVENTS', /Analytics Engine dataset/],
  ] as const)('%s fails closed naming it', (_name, patch, field, message) => {
    const error = configErrorOf({ ...valid(), ...patch })
    expect(issueAt(error, field), error).toMatch(message)
  })

  it('needs no TOOL_PINS when no MCP tool is declared (pins are consulted for declared tools only)', () => {
    expect(configErrorOf(valid())).toBe('')
    expect(loadConfig(valid()).clients.pins).toBeUndefined()
  })

  it('needs CLIENT_AUTH_LIMITER only when the issuer is enabled', async () => {
    const { env } = await issuerEnv()
    expect(loadConfig(env).clients.clientAuth).toBeInstanceOf(ClientAuthLimiterClient)
    const { CLIENT_AUTH_LIMITER: _, ...without } = env
    expect(issueAt(configErrorOf(without), 'CLIENT_AUTH_LIMITER')).toMatch(/required when ISSUER_ENABLED/)
    expect(configErrorOf({ ...without, ISSUER_ENABLED: 'false' })).toBe('')
  })

  it('keeps an Analytics Engine dataset when one is bound', () => {
    const events = { writeDataPoint() {} }
    expect(loadConfig({ ...valid(), SECURITY_EVENTS: events }).clients.events).toBe(events)
  })
})
