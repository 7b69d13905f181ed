/**
 * @module Stages for the MCP path (Streamable HTTP): transport checks, JSON-RPC inspection, the guard
 * with MCP limits, and the response path (tools/list filtering, result screening, slot release).
 *
 * Thin adapters: every rule lives in src/mcp/** (pure) or src/guard/mcp-limits.ts. Order, in app.ts:
 * mcpTransport → normalize → authenticate → mcpInspect → mcpGuard → mcpRespond → forward.
 */
import { mediaType } from '../input/media-type'
import { readRequestBody } from '../input/read'
import { inputDenial } from '../input/reasons'
import { decodeUtf8 } from '../input/text'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { McpTool } from '../config/mcp'
import type { Route } from '../config/routes'
import { deny, type DenialError } from '../errors/denial'
import type { McpInput } from '../guard/mcp-limits'
import type { ScreenOptions, ScreenResult } from '../screening/types'
import { idKey, parseMessages, type RpcId, type RpcMessage } from '../mcp/jsonrpc'
import { isToolQuarantined, pinsStore, reviewPins, type PinsStore } from '../mcp/pins-cache'
import { deferRelease, RELEASE_DELAY_MS, takeReleases } from '../mcp/releases'
import { inspectToolCall, summarize, ruleIds } from '../mcp/policy'
import { processResponse, type RpcObject } from '../mcp/respond'
import { applyResultPolicy, resultBlockedError } from '../mcp/result'
import { keepTools, listedTools, reviewTools } from '../mcp/tools-list'
import { checkHeaderMismatch, checkHeaders, checkOrigin, checkTls } from '../mcp/transport'
import { log } from '../telemetry/log'
import { consultGuard, enforceVerdict } from './guard'
import { dlpToolMessage } from './dlp-mcp'
import { deniedWith } from './outcome'
import type { GatewayEnv } from './types'

type C = Context<GatewayEnv>
type Call = { readonly id: RpcId; readonly name: string; readonly tool: McpTool; readonly args: Record<string, unknown> | undefined }
type Expect = { readonly kind: 'list' } | { readonly kind: 'call'; readonly call: Call }

/** What inspection learned about one MCP request, for the guard and the response path. */
type McpRequest = {
  readonly session: string
  readonly calls: Call[]
  /** Requests whose answers are rewritten on the way back, by JSON-RPC id. */
  readonly expect: Map<string, Expect>
  readonly callId?: string
  admitted: boolean
  /** Tool names of refused calls, for the audit record. */
  refused: string[]
}

const requests = new WeakMap<Request, McpRequest>()
const HTTP_METHODS = new Set(['GET', 'POST', 'DELETE'])

function screenOptions(c: C): Partial<ScreenOptions> {
  const s = c.get('config').screening
  return { blockThreshold: s.blockThreshold, flagThreshold: s.flagThreshold, ruleModes: s.ruleModes }
}

/** The origin's tool-pins object and its key (one per origin + MCP path). */
function pins(c: C): { store: PinsStore; key: string } {
  return pinsStore(c.get('config'))
}

function mcpRoute(c: C, key: string, cost: number): Route {
  return { method: c.req.method as Route['method'], path: c.get('config').mcp.path, key, segments: [], scopes: [], cost, failMode: 'closed', screening: 'block' }
}

/**
 * Before authentication: HTTP method, TLS and browser Origin (DNS rebinding), so a rebinding page
 * never gets as far as key verification. A POST is answered in JSON-RPC from here on; its id is
 * not known until the body is read, after authentication, so early errors carry `id: null`.
 */
export const mcpTransport = createMiddleware<GatewayEnv>(async (c, next) => {
  const { mcp, devAllowInsecure } = c.get('config')
  if (c.req.method === 'POST') c.set('rpc', { id: null })
  if (!HTTP_METHODS.has(c.req.method)) throw deny('ROUTE_NOT_FOUND', 'mcp_http_method')
  const tls = checkTls(c.get('url'), mcp.requireTls, devAllowInsecure)
  if (!tls.ok) throw deny(tls.code, tls.reason)
  const origin = checkOrigin(c.req.header('origin') ?? null, mcp.allowedOrigins)
  if (!origin.ok) throw deny(origin.code, origin.reason)
  const headers = checkHeaders(c.req.raw.headers)
  if (!headers.ok) throw deny(headers.code, headers.reason)
  await next()
})

/** Reads and classifies the POST body; records a rejection for the guard instead of throwing it. */
export const mcpInspect = createMiddleware<GatewayEnv>(async (c, next) => {
  const config = c.get('config')
  const principal = c.get('principal')
  const session = c.req.header('mcp-session-id') ?? `jti:${principal.jti}`
  const state: McpRequest = { session, calls: [], expect: new Map(), admitted: false, refused: [] }
  requests.set(c.req.raw, state)
  c.set('params', {})
  if (c.req.method !== 'POST') {
    // GET (server-sent stream) and DELETE (end session) carry no JSON-RPC: authenticated, guarded, passed.
    c.set('route', mcpRoute(c, `mcp:${c.req.method}`, 1))
  } else {
    const rejection = await inspectPost(c, state)
    const summary = summarize(screenings.get(state) ?? [])
    c.set('inspection', { screening: summary, ruleIds: summary.ruleIds, ...(rejection ? { rejection } : {}) })
  }
  await next()
  // Every denial downstream (guard, origin failure) has been rendered by now: audit it, and free a
  // slot the guard had already granted (the origin failed after admission).
  const denial = deniedWith(c)
  if (denial) {
    if (state.admitted) waitUntil(c, release(c, state, undefined))
    audit(c, state, { decision: 'deny', code: denial.code, latencyMs: Date.now() - c.get('startedAt') })
  }
})

/** Screenings of a request's tool arguments (kept beside the state so the guard sees all of them). */
const screenings = new WeakMap<McpRequest, ScreenResult[]>()

async function inspectPost(c: C, state: McpRequest): Promise<DenialError | undefined> {
  const config = c.get('config')
  const principal = c.get('principal')
  const mcp = config.mcp
  const { type } = mediaType(c.req.header('content-type') ?? null)
  c.set('route', mcpRoute(c, 'mcp:invalid', 1))
  if (type !== 'application/json') return inputDenial('media_type', 'mcp_')
  const max = Math.min(config.body.maxBytes, mcp.limits.maxInputBytes)
  const read = await readRequestBody(c.req.raw, max, config.body.readTimeoutMs)
  if (!read.ok) return inputDenial(read.reason, 'mcp_')
  c.set('body', { bytes: read.bytes })
  const text = decodeUtf8(read.bytes)
  if (text === undefined) return inputDenial('utf8', 'mcp_')
  const parsed = parseMessages(text, mcp.maxBatch, config.body.json)
  if (!parsed.ok) {
    c.set('rpc', { id: parsed.id })
    return deny(parsed.code, parsed.reason)
  }
  const messages = parsed.messages
  const requestsIn = messages.filter((m): m is Extract<RpcMessage, { kind: 'request' }> => m.kind === 'request')
  // Notifications and responses get no JSON-RPC answer: an error is an HTTP status (spec §Sending Messages).
  c.set('rpc', requestsIn.length === 0 ? (undefined as never) : { id: parsed.batch ? null : requestsIn[0]!.id })
  const first = messages[0]!
  const results: ScreenResult[] = []
  screenings.set(state, results)
  let rejection: DenialError | undefined
  const refuse = (d: DenialError, id: RpcId | null) => {
    if (rejection) return
    rejection = d
    if (requestsIn.length > 0) c.set('rpc', { id })
  }
  const mismatch = checkHeaderMismatch(c.req.raw.headers, messages)
  if (!mismatch.ok) refuse(deny(mismatch.code, mismatch.reason), parsed.batch ? null : (requestsIn[0]?.id ?? null))
  let cost = 0
  // Looked up at the first tool call only: a batch without calls never needs the pins binding.
  let pinned: { store: PinsStore; key: string } | undefined
  for (const m of messages) {
    if (m.kind === 'response') continue
    const id = m.kind === 'request' ? m.id : null
    if (!mcp.methods.has(m.method)) {
      refuse(deny('MCP_METHOD_NOT_ALLOWED', 'method_not_listed'), id)
      continue
    }
    if (m.method === 'tools/list' && m.kind === 'request') state.expect.set(idKey(m.id), { kind: 'list' })
    if (m.method !== 'tools/call') continue
    if (m.kind !== 'request') {
      refuse(deny('MCP_MALFORMED', 'tools_call_without_id'), null)
      continue
    }
    const verdict = inspectToolCall(m, mcp.tools, principal.scopes, screenOptions(c))
    results.push(verdict.screening)
    if (verdict.denial) {
      if (verdict.name) state.refused.push(verdict.name)
      refuse(deny(verdict.denial.code, verdict.denial.reason, verdict.denial.extensions ? { extensions: verdict.denial.extensions } : {}), m.id)
      continue
    }
    const call: Call = { id: m.id, name: verdict.name!, tool: verdict.tool!, args: verdict.args }
    const { store, key } = (pinned ??= pins(c))
    if (await isToolQuarantined(store, key, call.name, mcp.pinCacheMs)) {
      state.refused.push(call.name)
      refuse(deny('MCP_TOOL_QUARANTINED', 'definition_changed'), m.id)
      continue
    }
    state.calls.push(call)
    state.expect.set(idKey(m.id), { kind: 'call', call })
    cost += call.tool.cost
  }
  const key =
    state.calls.length === 1 ? `mcp:${state.calls[0]!.name}` : state.calls.length > 1 ? 'mcp:batch' : state.refused.length > 0 ? `mcp:${state.refused[0]}` : `mcp:${first.kind === 'response' ? 'response' : first.method}`
  c.set('route', mcpRoute(c, key, state.calls.length > 0 ? cost : 1))
  if (state.calls.length > 0) (state as { callId?: string }).callId = crypto.randomUUID()
  return rejection
}

/** ONE guard RPC with the MCP limits; its verdict decides (same precedence as the REST guard stage). */
export const mcpGuard = createMiddleware<GatewayEnv>(async (c, next) => {
  const state = requests.get(c.req.raw)!
  const config = c.get('config')
  const route = c.get('route')
  const rejected = c.get('inspection')?.rejection
  // Slots of this agent's calls that finished since its last request ride along (releases.ts).
  const released = takeReleases(c.get('principal').agentId)
  const mcp: McpInput = {
    ...(released.length > 0 ? { released } : {}),
    session: state.session,
    tools: rejected ? [] : state.calls.map((x) => x.name),
    ...(state.callId !== undefined && !rejected ? { callId: state.callId } : {}),
    limits: config.mcp.limits,
  }
  // Slots taken above go back to the queue if the guard never heard of them (error, timeout).
  const requeue = () => {
    for (const id of released) deferRelease(c.get('principal').agentId, id)
  }
  let verdict
  try {
    verdict = await consultGuard(
      c,
      {
        endpoint: route.key,
        cost: route.cost,
        bodyBytes: c.get('body')?.bytes.byteLength ?? 0,
        ...(c.get('inspection') ? { screening: c.get('inspection').screening } : {}),
        ...(rejected ? { rejection: rejected.denial.code } : {}),
        mcp,
      },
      'closed',
    )
  } catch (error) {
    requeue()
    throw error
  }
  if (!verdict) requeue()
  enforceVerdict(verdict, rejected)
  state.admitted = mcp.callId !== undefined
  await next()
})

function audit(c: C, state: McpRequest, fields: { decision: 'allow' | 'deny'; code: string; latencyMs: number; result?: ScreenResult }) {
  const base = { event: 'mcp_tool_call', requestId: c.get('requestId'), agentId: c.get('principal')?.agentId, session: state.session, decision: fields.decision, code: fields.code, latencyMs: fields.latencyMs }
  for (const call of state.calls) {
    log({
      ...base,
      tool: call.name,
      ...(fields.result && fields.result.verdict !== 'none' ? { resultVerdict: fields.result.verdict, resultRules: ruleIds(fields.result) } : {}),
      // Inputs may hold personal data: recorded only for tools whose config says so (record_inputs).
      ...(call.tool.recordInputs ? { inputs: JSON.stringify(call.args ?? {}).slice(0, 2_048) } : {}),
    })
  }
  for (const tool of state.refused) log({ ...base, decision: 'deny', tool })
}

/**
 * Wraps forward: rewrites tools/list and tools/call answers, then, once the body has ended, frees
 * the in-flight slot and reports any result finding to the guard (one `release` RPC in waitUntil).
 */
export const mcpRespond = createMiddleware<GatewayEnv>(async (c, next) => {
  const state = requests.get(c.req.raw)
  await next()
  if (!state || deniedWith(c)) return
  let worst: ScreenResult | undefined
  let finished!: () => void
  const done = new Promise<void>((resolve) => (finished = resolve))
  const config = c.get('config')
  const requestId = c.get('requestId')
  const principal = c.get('principal')
  waitUntil(
    c,
    done.then(async () => {
      audit(c, state, { decision: 'allow', code: 'OK', latencyMs: Date.now() - c.get('startedAt'), ...(worst ? { result: worst } : {}) })
      if (state.admitted) await release(c, state, worst)
    }),
  )
  const rewrite = async (msg: RpcObject): Promise<RpcObject | undefined> => {
    if ('method' in msg || !('id' in msg)) return undefined
    const result = msg['result']
    const expect = state.expect.get(idKey(msg['id'] as RpcId))
    // Data-loss prevention reads tool errors too (stack traces leak): src/pipeline/dlp-mcp.ts.
    if (!('result' in msg)) return expect?.kind === 'call' ? dlpToolMessage(c, expect.call.name, msg) : undefined
    if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined
    if (expect?.kind === 'list') return { ...msg, result: await filterList(c, result as RpcObject) }
    // A tool result on the GET stream (a resumed POST stream replayed after Last-Event-ID) is
    // screened too; its tool is unknown there, so the global action applies.
    const streamed = !expect && c.req.method === 'GET' && Array.isArray((result as RpcObject)['content'])
    if (!expect && !streamed) return undefined
    const action = expect?.kind === 'call' ? expect.call.tool.resultAction : config.mcp.results.action
    const tool = expect?.kind === 'call' ? expect.call.name : '(stream)'
    const applied = applyResultPolicy(result as RpcObject, action, screenOptions(c), requestId)
    if (applied.screening.verdict !== 'none' && (!worst || applied.screening.score > worst.score)) worst = applied.screening
    if (applied.screening.verdict !== 'none') {
      log({ event: 'mcp_result_flagged', requestId, agentId: principal.agentId, tool, verdict: applied.screening.verdict, action: applied.kind === 'error' ? 'block' : action, rules: ruleIds(applied.screening) })
    }
    if (applied.kind === 'error') return { jsonrpc: '2.0', id: msg['id'], error: applied.error }
    const screened = applied.changed ? { ...msg, result: applied.result } : msg
    return (await dlpToolMessage(c, expect?.kind === 'call' ? expect.call.name : undefined, screened)) ?? (applied.changed ? screened : undefined)
  }
  c.res = await processResponse(c.res, {
    rewrite,
    inspect: state.expect.size > 0 || c.req.method === 'GET',
    maxBytes: config.mcp.results.maxBytes,
    tooLarge: () => tooLargeAnswer(c, state),
    onDone: (outcome) => {
      if (outcome !== 'complete') log({ event: 'mcp_response_incomplete', requestId, outcome })
      finished()
    },
  })
})

/** A JSON answer too large to screen is replaced by MCP_RESULT_BLOCKED errors on every awaited id. */
function tooLargeAnswer(c: C, state: McpRequest): Response {
  log({ event: 'mcp_result_too_large', requestId: c.get('requestId'), limit: c.get('config').mcp.results.maxBytes })
  const errors = [...state.expect.keys()].map((k) => ({ jsonrpc: '2.0', id: JSON.parse(k) as RpcId, error: resultBlockedError(c.get('requestId')) }))
  const body = errors.length === 1 ? errors[0] : errors
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })
}

async function filterList(c: C, result: RpcObject): Promise<RpcObject> {
  const config = c.get('config')
  const principal = c.get('principal')
  const requestId = c.get('requestId')
  const tools = listedTools(result)
  if (!tools) return { ...result, tools: [] }
  const reviewed = await reviewTools(tools, config.mcp.tools, principal.scopes, screenOptions(c))
  const observations = reviewed
    .filter((t) => t.declared)
    .map((t) => {
      const pin = config.mcp.tools.get(t.name)?.pin
      return { name: t.name, hash: t.hash, definition: t.definition, poisoned: t.poisoned, ruleIds: ruleIds(t.screening), ...(pin !== undefined ? { configPin: pin } : {}) }
    })
  const pinned = observations.length > 0 ? pins(c) : undefined
  const statuses = pinned ? await reviewPins(pinned.store, pinned.key, observations, config.mcp.pinCacheMs) : {}
  const keep = new Set<string>()
  for (const t of reviewed) {
    const status = statuses[t.name]
    if (t.poisoned) log({ event: 'mcp_tool_poisoned', requestId, agentId: principal.agentId, tool: t.name, hash: t.hash, rules: ruleIds(t.screening) })
    else if (status === 'quarantined') log({ event: 'mcp_tool_quarantined', requestId, tool: t.name, hash: t.hash })
    if (t.permitted && !t.poisoned && (status === 'ok' || status === 'pinned')) keep.add(t.name)
  }
  return keepTools(result, keep)
}

/**
 * Frees the request's slot. A result finding goes to the guard at once (it raises risk); a plain
 * release waits RELEASE_DELAY_MS for the agent's next request to carry it, then is flushed.
 */
async function release(c: C, state: McpRequest, result: ScreenResult | undefined): Promise<void> {
  if (!state.callId) return
  const agent = c.get('principal').agentId
  const score = result && result.verdict !== 'none' ? result.score : undefined
  try {
    if (score !== undefined) {
      await c.get('config').clients.guard.release(agent, [state.callId, ...takeReleases(agent)], score)
      return
    }
    deferRelease(agent, state.callId)
    await new Promise((resolve) => setTimeout(resolve, RELEASE_DELAY_MS))
    const ids = takeReleases(agent)
    if (ids.length > 0) await c.get('config').clients.guard.release(agent, ids)
  } catch (error) {
    // The slot then expires on its own (MCP_INFLIGHT_TTL_SECONDS); nothing leaks for good.
    log({ event: 'mcp_release_failed', requestId: c.get('requestId'), error: error instanceof Error ? error.name : 'unknown' })
  }
}

function waitUntil(c: C, p: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(p)
  } catch {
    void p
  }
}
