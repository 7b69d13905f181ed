/**
 * @module The seed's MCPSecurityConfig as guard state: tool calls per minute, in-flight calls with
 * expiry, distinct tools (across the agent's sessions), sessions bound to the agent, input size,
 * and the risk left by tainted results. Pure.
 *
 * In-flight slots are taken on admission and freed by release(callId) when the response ends; a
 * slot whose release never comes (dropped connection, crashed isolate) expires after
 * `inflightTtlMs`, so a slot can never leak forever. Only admitted calls count: a refused call
 * takes no slot and adds no tool. Sessions and tools: mcp-sessions.ts.
 */
import * as z from 'zod'
import type { DenialCode } from '../errors/codes'
import { bind, distinctWith, isBound, liveSessions, liveTools, touch, use, type BoundSession, type UsedTool } from './mcp-sessions'
import { advance, charge, emptyRing, retryAfterMs, type Ring, type WindowGeometry } from './window'

export type McpLimits = {
  readonly callsPerMinute: number
  readonly maxConcurrent: number
  readonly inflightTtlMs: number
  readonly maxToolsPerSession: number
  readonly maxInputBytes: number
}

/** The MCP part of one evaluate() (EvaluateInput.mcp). */
export type McpInput = {
  /** `Mcp-Session-Id` as the agent sent it; absent before initialize and with a stateless origin. */
  readonly session?: string
  /** Tools this request calls (a batch may call several); empty for other methods. */
  readonly tools: readonly string[]
  /** In-flight slot key, unique per request (never the agent-supplied request id). */
  readonly callId?: string
  /** Slots of this agent's finished calls, carried here instead of a release RPC each (releases.ts). */
  readonly released?: readonly string[]
  readonly limits: McpLimits
}

export type Inflight = { readonly id: string; readonly n: number; readonly exp: number }

export type McpState = {
  readonly calls: Ring
  readonly inflight: readonly Inflight[]
  /** Sessions the origin assigned to this agent (mcp-sessions.ts). */
  readonly sessions: readonly BoundSession[]
  /** Tools this agent used recently, whatever the session. */
  readonly tools: readonly UsedTool[]
  /** Risk left by screened tool results: noisy-OR of findings, halved every TAINT_HALF_LIFE_MS. */
  readonly taint: { readonly score: number; readonly at: number } | null
}

export const CALLS_WINDOW: WindowGeometry = { windowMs: 60_000, buckets: 60 }
export const TAINT_HALF_LIFE_MS = 10 * 60_000

export function emptyMcp(): McpState {
  return { calls: emptyRing(CALLS_WINDOW), inflight: [], sessions: [], tools: [], taint: null }
}

/** Moves the state to `t`: the minute window advances; expired, released slots, idle sessions and old tools go. */
export function prepareMcp(state: McpState | undefined, t: number, released: readonly string[] = []): McpState {
  const s = state ?? emptyMcp()
  const done = new Set(released)
  return {
    calls: advance(s.calls, CALLS_WINDOW, t),
    inflight: s.inflight.filter((f) => f.exp > t && !done.has(f.id)),
    sessions: liveSessions(s.sessions, t),
    tools: liveTools(s.tools, t),
    taint: s.taint,
  }
}

/** A session id the agent was not given by its own answers: refused before any limit is counted. */
export function checkSession(state: McpState, input: McpInput): McpViolation | null {
  if (input.session === undefined || isBound(state.sessions, input.session)) return null
  return { code: 'MCP_SESSION_FORBIDDEN', reason: 'session not bound to this agent', ms: Number.POSITIVE_INFINITY }
}

/** Binds a session the origin assigned in an answer to this agent (AgentGuard.bindSession). */
export function bindMcpSession(state: McpState | undefined, id: string, t: number): McpState {
  const s = state ?? emptyMcp()
  return { ...s, sessions: bind(liveSessions(s.sessions, t), id, t) }
}

export type McpViolation = { readonly code: DenialCode; readonly reason: string; readonly ms: number }

/** The first MCP limit this request breaks, or null. `state` must be prepared to `t`. */
export function checkMcp(state: McpState, input: McpInput, bodyBytes: number, t: number): McpViolation | null {
  const l = input.limits
  if (bodyBytes > l.maxInputBytes) return { code: 'BODY_TOO_LARGE', reason: `mcp input ${bodyBytes} > ${l.maxInputBytes} bytes`, ms: Number.POSITIVE_INFINITY }
  const n = input.tools.length
  if (n === 0) return null
  const ms = retryAfterMs(state.calls, CALLS_WINDOW, l.callsPerMinute, n, t)
  if (ms > 0) return { code: 'RATE_LIMITED', reason: `mcp tool calls per minute (${l.callsPerMinute})`, ms }
  const busy = state.inflight.reduce((a, f) => a + f.n, 0)
  if (busy + n > l.maxConcurrent) {
    // A slot frees when a running call answers, which the guard cannot foresee; the expiry is only
    // the worst case. Suggest 1 s, the usual length of a tool call.
    return { code: 'MCP_CONCURRENCY_LIMIT', reason: `in flight ${busy} + ${n} > ${l.maxConcurrent}`, ms: 1_000 }
  }
  const { known, fresh } = distinctWith(state.tools, input.tools)
  if (known + fresh > l.maxToolsPerSession) {
    return { code: 'MCP_SESSION_TOOL_LIMIT', reason: `distinct tools ${known} + ${fresh} > ${l.maxToolsPerSession}`, ms: Number.POSITIVE_INFINITY }
  }
  return null
}

/** Charges an admitted request: calls in the minute window, an in-flight slot, the tools used; the session stays alive. */
export function admitMcp(state: McpState, input: McpInput, t: number): McpState {
  const n = input.tools.length
  return {
    calls: charge(state.calls, n),
    inflight: n > 0 && input.callId !== undefined ? [...state.inflight, { id: input.callId, n, exp: t + input.limits.inflightTtlMs }] : state.inflight,
    sessions: touch(state.sessions, input.session, t),
    tools: use(state.tools, input.tools, t),
    taint: state.taint,
  }
}

/** RPC check of a session id to bind (bindSession). */
export function assertSessionId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) fail('sessionId', `a non-empty string of at most ${MAX_ID} chars`)
}

/** Frees a slot (idempotent: an unknown or expired id changes nothing). */
export function releaseCall(state: McpState | undefined, callId: string): McpState | undefined {
  if (!state || !state.inflight.some((f) => f.id === callId)) return state
  return { ...state, inflight: state.inflight.filter((f) => f.id !== callId) }
}

export function taintScore(state: McpState | undefined, t: number): number {
  if (!state?.taint) return 0
  return state.taint.score * Math.pow(0.5, Math.max(0, t - state.taint.at) / TAINT_HALF_LIFE_MS)
}

/** Folds a result finding (score in [0, 1]) into the taint: noisy-OR with what is left of the old one. */
export function addTaint(state: McpState | undefined, score: number, t: number): McpState {
  const s = state ?? emptyMcp()
  const clamped = Math.min(1, Math.max(0, score))
  if (clamped === 0) return s
  const left = taintScore(s, t)
  return { ...s, taint: { score: Math.round((1 - (1 - left) * (1 - clamped)) * 1e6) / 1e6, at: t } }
}

/**
 * Stored form: compact, validated on load (a corrupt row fails closed like the rest of the state).
 * `b` bound sessions, `u` used tools. `s` is the round-1 form (unbound sessions with their tools):
 * its tools are kept, its sessions are not (they were never bound, so their agents open new ones).
 */
export const EncodedMcpSchema = z.object({
  c: z.array(z.number().nonnegative().finite()).min(2).optional(),
  f: z.array(z.tuple([z.string(), z.number().int().nonnegative(), z.number()])).default([]),
  s: z.array(z.tuple([z.string(), z.array(z.string()), z.number()])).optional(),
  b: z.array(z.tuple([z.string(), z.number()])).default([]),
  u: z.array(z.tuple([z.string(), z.number()])).default([]),
  t: z.tuple([z.number().min(0).max(1), z.number()]).nullable().default(null),
})
export type EncodedMcp = z.input<typeof EncodedMcpSchema>

export function encodeMcp(s: McpState): EncodedMcp {
  return {
    ...(s.calls.sum > 0 ? { c: [s.calls.head, ...s.calls.counts] } : {}),
    f: s.inflight.map((x) => [x.id, x.n, x.exp] as [string, number, number]),
    b: s.sessions.map((x) => [x.id, x.seen] as [string, number]),
    u: s.tools.map((x) => [x.name, x.seen] as [string, number]),
    t: s.taint ? [s.taint.score, s.taint.at] : null,
  }
}

export function decodeMcp(raw: unknown): McpState {
  const e = EncodedMcpSchema.parse(raw)
  let calls = emptyRing(CALLS_WINDOW)
  if (e.c && e.c.length === CALLS_WINDOW.buckets + 2) {
    const [head = 0, ...counts] = e.c
    calls = { head, counts, sum: counts.reduce((a, b) => a + b, 0) }
  }
  return {
    calls,
    inflight: e.f.map(([id, n, exp]) => ({ id, n, exp })),
    sessions: e.b.map(([id, seen]) => ({ id, seen })),
    tools: e.u.length > 0 || !e.s ? e.u.map(([name, seen]) => ({ name, seen })) : use([], e.s.flatMap(([, tools]) => tools), Math.max(0, ...e.s.map(([, , seen]) => seen))),
    taint: e.t ? { score: e.t[0], at: e.t[1] } : null,
  }
}

const MAX_ID = 256
const MAX_TOOLS = 100
/** Bounds one evaluate's carried releases (and one release RPC); more stay pending or expire. */
export const MAX_RELEASED = 1_000

function fail(field: string, expected: string): never {
  throw new TypeError(`AgentGuard: ${field} must be ${expected}`)
}

/** RPC input check (validate.ts style): bad limits would corrupt the stored state. */
export function assertMcpInput(m: McpInput): void {
  if (typeof m !== 'object' || m === null) fail('input.mcp', 'an object')
  if (m.session !== undefined && (typeof m.session !== 'string' || m.session.length === 0 || m.session.length > MAX_ID)) fail('input.mcp.session', `absent or a non-empty string of at most ${MAX_ID} chars`)
  if (!Array.isArray(m.tools) || m.tools.length > MAX_TOOLS || !m.tools.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 128)) {
    fail('input.mcp.tools', `at most ${MAX_TOOLS} tool names`)
  }
  if (m.callId !== undefined && (typeof m.callId !== 'string' || m.callId.length === 0 || m.callId.length > MAX_ID)) fail('input.mcp.callId', 'a short string or absent')
  if (m.released !== undefined && (!Array.isArray(m.released) || m.released.length > MAX_RELEASED || !m.released.every((x) => typeof x === 'string' && x.length > 0 && x.length <= MAX_ID))) {
    fail('input.mcp.released', `at most ${MAX_RELEASED} slot ids`)
  }
  const l = m.limits
  if (typeof l !== 'object' || l === null) fail('input.mcp.limits', 'an object')
  for (const key of ['callsPerMinute', 'maxConcurrent', 'inflightTtlMs', 'maxToolsPerSession', 'maxInputBytes'] as const) {
    if (typeof l[key] !== 'number' || !Number.isSafeInteger(l[key]) || l[key] < 1) fail(`input.mcp.limits.${key}`, 'a positive integer')
  }
}
