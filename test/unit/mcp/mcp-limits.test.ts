/** @module MCP limits in the guard: calls per minute, in-flight slots with expiry, session tools, input size, taint. */
import { describe, expect, it } from 'vitest'
import { decide } from '../../../src/guard/decide'
import { addTaint, bindMcpSession, decodeMcp, encodeMcp, releaseCall, taintScore, TAINT_HALF_LIFE_MS, type McpInput, type McpLimits } from '../../../src/guard/mcp-limits'
import { MAX_SESSIONS, SESSION_IDLE_MS, TOOLS_WINDOW_MS } from '../../../src/guard/mcp-sessions'
import type { Verdict } from '../../../src/guard/protocol'
import { decodeState, emptyState, encodeState, type GuardState } from '../../../src/guard/state'
import { input, T0 } from '../guard/fixtures'

const LIMITS: McpLimits = { callsPerMinute: 5, maxConcurrent: 2, inflightTtlMs: 30_000, maxToolsPerSession: 2, maxInputBytes: 1_000 }

let n = 0
function mcp(o: Partial<McpInput> = {}): McpInput {
  return { session: 's1', tools: ['search_products'], callId: `c${n++}`, limits: LIMITS, ...o }
}

const mcp_ = mcp
const code = (v: Verdict) => (v.outcome === 'deny' ? v.code : 'ALLOW')

/** Runs calls through decide(), releasing each call id listed in `release` before the step. */
/** The agent's state with sessions s1 and s2 bound (the origin assigned them in its own answers). */
function bound(): GuardState {
  return { ...emptyState(), mcp: bindMcpSession(bindMcpSession(undefined, 's1', T0), 's2', T0) }
}

function drive(steps: readonly { at: number; m?: Partial<McpInput>; bytes?: number; release?: string; bind?: string }[], start: GuardState = bound()) {
  let state: GuardState = start
  return steps.map((s) => {
    if (s.release) state = { ...state, mcp: releaseCall(state.mcp, s.release) }
    if (s.bind) state = { ...state, mcp: bindMcpSession(state.mcp, s.bind, T0 + s.at) }
    const d = decide(state, input({ endpoint: 'mcp:search_products', bodyBytes: s.bytes ?? 10, mcp: mcp(s.m) }), T0 + s.at, false)
    state = d.state
    return { code: code(d.verdict), retry: d.verdict.outcome === 'deny' ? d.verdict.retryAfterSeconds : undefined, state }
  })
}

describe('MCP limits in decide()', () => {
  it.each([
    { name: 'two calls fit, the third waits for a slot', steps: [{ at: 0, m: { callId: 'a' } }, { at: 1, m: { callId: 'b' } }, { at: 2 }], want: ['ALLOW', 'ALLOW', 'MCP_CONCURRENCY_LIMIT'] },
    { name: 'a slot carried as released by the next request is freed before the check', steps: [{ at: 0, m: { callId: 'a' } }, { at: 1, m: { callId: 'b' } }, { at: 2, m: { released: ['a', 'unknown'] } }], want: ['ALLOW', 'ALLOW', 'ALLOW'] },
    { name: 'a released slot is reusable', steps: [{ at: 0, m: { callId: 'a' } }, { at: 1, m: { callId: 'b' } }, { at: 2, release: 'a' }], want: ['ALLOW', 'ALLOW', 'ALLOW'] },
    { name: 'an unreleased slot expires after the TTL', steps: [{ at: 0 }, { at: 1 }, { at: 29_999 }, { at: 30_001 }], want: ['ALLOW', 'ALLOW', 'MCP_CONCURRENCY_LIMIT', 'ALLOW'] },
    {
      name: 'calls per minute bind across released slots',
      steps: [0, 1, 2, 3, 4, 5].map((i) => ({ at: i * 10, m: { callId: `x${i}` }, ...(i > 0 ? { release: `x${i - 1}` } : {}) })),
      want: ['ALLOW', 'ALLOW', 'ALLOW', 'ALLOW', 'ALLOW', 'RATE_LIMITED'],
    },
    {
      name: 'a third distinct tool is refused, and another session does not reset the count',
      steps: [
        { at: 0, m: { callId: 'a', tools: ['t1'] } },
        { at: 1, m: { callId: 'b', tools: ['t2'] }, release: 'a' },
        { at: 2, m: { tools: ['t3'] }, release: 'b' },
        { at: 3, m: { tools: ['t1'] } },
        { at: 4, m: { session: 's2', tools: ['t3'] } },
        { at: 5, m: { session: 'fresh', tools: ['t3'] }, bind: 'fresh' },
        { at: 6, m: { session: undefined, tools: ['t3'] } },
      ],
      want: ['ALLOW', 'ALLOW', 'MCP_SESSION_TOOL_LIMIT', 'ALLOW', 'MCP_SESSION_TOOL_LIMIT', 'MCP_SESSION_TOOL_LIMIT', 'MCP_SESSION_TOOL_LIMIT'],
    },
    {
      name: 'tools used more than the window ago no longer count',
      steps: [
        { at: 0, m: { callId: 'a', tools: ['t1'] } },
        { at: 1, m: { callId: 'b', tools: ['t2'] }, release: 'a' },
        { at: TOOLS_WINDOW_MS + 2, m: { session: undefined, tools: ['t3'] }, release: 'b' },
      ],
      want: ['ALLOW', 'ALLOW', 'ALLOW'],
    },
    {
      name: 'a session the agent was not given is refused before any limit',
      steps: [
        { at: 0, m: { session: 'someone-elses', tools: [] } },
        { at: 1, m: { session: 'someone-elses', tools: ['t1'] } },
        { at: 2, m: { session: 'someone-elses', tools: ['t1'] }, bind: 'someone-elses' },
      ],
      want: ['MCP_SESSION_FORBIDDEN', 'MCP_SESSION_FORBIDDEN', 'ALLOW'],
    },
    {
      name: 'a bound session idle past SESSION_IDLE_MS is forgotten; requests keep it alive',
      steps: [
        { at: 0, m: { session: 's1', tools: [] } },
        { at: SESSION_IDLE_MS - 1, m: { session: 's1', tools: [] } },
        { at: 2 * SESSION_IDLE_MS - 2, m: { session: 's1', tools: [] } },
        { at: 2 * SESSION_IDLE_MS - 2, m: { session: 's2', tools: [] } },
      ],
      want: ['ALLOW', 'ALLOW', 'ALLOW', 'MCP_SESSION_FORBIDDEN'],
    },
    { name: 'input over maxInputBytes is refused', steps: [{ at: 0, bytes: 1_001 }], want: ['BODY_TOO_LARGE'] },
    { name: 'a non-call message takes no slot', steps: [{ at: 0, m: { tools: [] } }, { at: 1, m: { tools: [] } }, { at: 2, m: { tools: [] } }], want: ['ALLOW', 'ALLOW', 'ALLOW'] },
  ])('$name', ({ steps, want }) => {
    expect(drive(steps).map((r) => r.code)).toEqual(want)
  })

  it('answers the concurrency limit with Retry-After 1 and the minute limit with the exact wait', () => {
    expect(drive([{ at: 0 }, { at: 1 }, { at: 2 }])[2]!.retry).toBe(1)
    const minute = drive([0, 1, 2, 3, 4, 5].map((i) => ({ at: i * 1_000, m: { callId: `y${i}` }, ...(i > 0 ? { release: `y${i - 1}` } : {}) })))
    expect(minute[5]!.code).toBe('RATE_LIMITED')
    expect(minute[5]!.retry).toBeGreaterThan(50)
  })

  it('a refused call takes no slot and adds no session tool', () => {
    const [, , third] = drive([{ at: 0 }, { at: 1 }, { at: 2, m: { tools: ['other'] } }])
    expect(third!.state.mcp!.inflight).toHaveLength(2)
    expect(third!.state.mcp!.tools.map((t) => t.name)).toEqual(['search_products'])
  })

  it('leaves non-MCP requests and their state alone', () => {
    const d = decide(emptyState(), input(), T0, false)
    expect(d.state.mcp).toBeUndefined()
  })
})

describe('sessions bound to the agent', () => {
  it(`keeps at most ${MAX_SESSIONS} sessions, dropping the least recently seen`, () => {
    let mcp = bindMcpSession(undefined, 'first', T0)
    for (let i = 1; i <= MAX_SESSIONS; i++) mcp = bindMcpSession(mcp, `s${i}`, T0 + i)
    expect(mcp.sessions).toHaveLength(MAX_SESSIONS)
    expect(mcp.sessions.some((s) => s.id === 'first')).toBe(false)
    const state: GuardState = { ...emptyState(), mcp }
    expect(code(decide(state, input({ endpoint: 'mcp:x', mcp: mcp_({ session: 'first', tools: [] }) }), T0 + 100, false).verdict)).toBe('MCP_SESSION_FORBIDDEN')
    expect(code(decide(state, input({ endpoint: 'mcp:x', mcp: mcp_({ session: `s${MAX_SESSIONS}`, tools: [] }) }), T0 + 100, false).verdict)).toBe('ALLOW')
  })

  it('a foreign session counts as a denial (pressure), never as an admission', () => {
    const d = decide(emptyState(), input({ endpoint: 'mcp:x', mcp: mcp_({ session: 'stolen' }) }), T0, false)
    expect(code(d.verdict)).toBe('MCP_SESSION_FORBIDDEN')
    expect(d.state.admitted).toBe(0)
    expect(d.state.rejected.total).toBe(1)
    expect(d.state.mcp!.inflight).toHaveLength(0)
  })

  it('reads round-1 rows: their sessions were never bound, their tools still count', () => {
    const legacy = { f: [], s: [['old-session', ['t1', 't2'], T0]], t: null }
    const back = decodeMcp(legacy)
    expect(back.sessions).toEqual([])
    expect(back.tools.map((t) => t.name).sort()).toEqual(['t1', 't2'])
  })
})

describe('taint from screened results', () => {
  it('raises the verdict risk and halves every half-life', () => {
    const tainted: GuardState = { ...emptyState(), mcp: addTaint(undefined, 0.8, T0) }
    const now = decide(tainted, input(), T0, false).verdict
    const later = decide(tainted, input(), T0 + TAINT_HALF_LIFE_MS, false).verdict
    expect(now.risk).toBeCloseTo(0.8)
    expect(later.risk).toBeCloseTo(0.4)
  })
  it('accumulates as noisy-OR', () => {
    const s = addTaint(addTaint(undefined, 0.5, T0), 0.5, T0)
    expect(taintScore(s, T0)).toBeCloseTo(0.75)
  })
})

describe('encoding', () => {
  it('round-trips through the stored row', () => {
    const [, second] = drive([{ at: 0, m: { callId: 'a' } }, { at: 1_500, m: { callId: 'b', tools: ['t2'], session: 's2' } }])
    const state: GuardState = { ...second!.state, mcp: addTaint(second!.state.mcp, 0.9, T0 + 2_000) }
    const back = decodeState(encodeState(state))
    expect(back.mcp).toEqual(state.mcp)
    expect(decodeMcp(encodeMcp(state.mcp!))).toEqual(state.mcp)
  })
  it('reads rows written before MCP existed', () => {
    expect(decodeState(encodeState(emptyState())).mcp).toBeUndefined()
  })
})
