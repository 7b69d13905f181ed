/**
 * The Durable Object clients: every call has a deadline, and every failure (a throw while getting
 * the stub, a rejected RPC, a missed deadline) becomes the one `Unavailable` error naming the binding.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ClientAuthLimiterClient } from '../../../src/clients/client-auth-limiter'
import { Unavailable, UNAVAILABLE_RETRY_AFTER_SECONDS, withDeadline } from '../../../src/clients/deadline'
import { GuardClient } from '../../../src/clients/guard'
import { ToolPinsClient } from '../../../src/clients/tool-pins'

type Behaviour = 'answer' | 'reject' | 'hang' | 'no-stub'

/** A namespace whose every stub method behaves as told, recording the names it was asked for. */
function namespace(behaviour: Behaviour, answer: unknown = 'ok') {
  const names: string[] = []
  const method = () => (behaviour === 'answer' ? Promise.resolve(answer) : behaviour === 'reject' ? Promise.reject(new Error('boom')) : new Promise(() => {}))
  const stub = new Proxy({}, { get: () => method })
  return {
    names,
    ns: {
      getByName(name: string) {
        if (behaviour === 'no-stub') throw new Error('binding broken')
        names.push(name)
        return stub
      },
    } as never,
  }
}

afterEach(() => vi.useRealTimers())

describe('withDeadline', () => {
  it('passes an answer through, including a denial returned as data', async () => {
    await expect(withDeadline('AGENT_GUARD', 50, () => Promise.resolve({ outcome: 'deny', code: 'RATE_LIMITED' }))).resolves.toEqual({ outcome: 'deny', code: 'RATE_LIMITED' })
  })

  it.each([
    ['a rejected call', () => Promise.reject(new Error('remote')), 'AGENT_GUARD_error'],
    ['a synchronous throw', () => { throw new Error('sync') }, 'AGENT_GUARD_error'],
    ['a missed deadline', () => new Promise<never>(() => {}), 'AGENT_GUARD_timeout'],
  ] as const)('turns %s into Unavailable', async (_name, call, reason) => {
    const error = await withDeadline('AGENT_GUARD', 20, call as () => Promise<unknown>).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Unavailable)
    expect((error as Unavailable).reason).toBe(reason)
  })

  it('gives up at the deadline, not before', async () => {
    vi.useFakeTimers()
    let settled = false
    const p = withDeadline('TOOL_PINS', 1_000, () => new Promise<never>(() => {})).catch((e: unknown) => {
      settled = true
      return e
    })
    await vi.advanceTimersByTimeAsync(999)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(((await p) as Unavailable).reason).toBe('TOOL_PINS_timeout')
  })

  it('asks for a positive Retry-After', () => {
    expect(UNAVAILABLE_RETRY_AFTER_SECONDS).toBeGreaterThanOrEqual(1)
  })
})

describe.each([
  ['GuardClient', 'AGENT_GUARD', (ns: never) => new GuardClient(ns, 20).evaluate('agent-1', {} as never)],
  ['GuardClient.release', 'AGENT_GUARD', (ns: never) => new GuardClient(ns, 20).release('agent-1', ['c1'])],
  ['GuardClient.status', 'AGENT_GUARD', (ns: never) => new GuardClient(ns, 20).status('agent-1')],
  ['GuardClient.snapshot', 'AGENT_GUARD', (ns: never) => new GuardClient(ns, 20).snapshot('agent-1')],
  ['GuardClient.block', 'AGENT_GUARD', (ns: never) => new GuardClient(ns, 20).block('agent-1', { until: null, reason: 'x' })],
  ['GuardClient.unblock', 'AGENT_GUARD', (ns: never) => new GuardClient(ns, 20).unblock('agent-1')],
  ['GuardClient.revoke', 'AGENT_GUARD', (ns: never) => new GuardClient(ns, 20).revoke('agent-1', { before: 1 })],
  ['GuardClient.reset', 'AGENT_GUARD', (ns: never) => new GuardClient(ns, 20).reset('agent-1')],
  ['ToolPinsClient.rows', 'TOOL_PINS', (ns: never) => new ToolPinsClient(ns, 20).at('agent-1').rows()],
  ['ToolPinsClient.observe', 'TOOL_PINS', (ns: never) => new ToolPinsClient(ns, 20).at('agent-1').observe([])],
  ['ToolPinsClient.approve', 'TOOL_PINS', (ns: never) => new ToolPinsClient(ns, 20).at('agent-1').approve('t', 'h')],
  ['ClientAuthLimiterClient.acquire', 'CLIENT_AUTH_LIMITER', (ns: never) => new ClientAuthLimiterClient(ns, 20).acquire('agent-1', { maxFailures: 1, windowSeconds: 1 })],
  ['ClientAuthLimiterClient.release', 'CLIENT_AUTH_LIMITER', (ns: never) => new ClientAuthLimiterClient(ns, 20).release('agent-1', 1)],
] as const)('%s', (_name, binding, call) => {
  it('reaches the object named by its key and returns its answer', async () => {
    const { ns, names } = namespace('answer', 'the-answer')
    await expect(call(ns)).resolves.toBe('the-answer')
    expect(names).toEqual(['agent-1'])
  })

  it.each([
    ['reject', 'error'],
    ['no-stub', 'error'],
    ['hang', 'timeout'],
  ] as const)('fails closed when the object does %s', async (behaviour, kind) => {
    const error = await call(namespace(behaviour).ns).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Unavailable)
    expect((error as Unavailable).reason).toBe(`${binding}_${kind}`)
  })
})
