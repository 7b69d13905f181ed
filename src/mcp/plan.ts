/**
 * @module The MCP request planner: parsed messages + tool policy + principal → the plan or the rejection. Pure.
 *
 * The plan names the tool calls to admit, the answers to expect (keyed as a client matches ids,
 * ids.ts), the route key and cost the guard charges, and the screenings the guard weighs. Every
 * string the origin will receive is screened (issue 12, item 7): every member of every message at
 * every depth (`params._meta`, ids, notification params, the client's answers to server requests),
 * plus the query string and listed headers the stage passes in. A tool's own screening mode
 * (`block`, `log`, `off`) governs its `arguments` only; the rest of its message is always enforced.
 *
 * The first refusal in message order decides the answer; refused messages are still screened, so
 * their findings reach the guard (DESIGN.md). Nothing here reads a clock, a binding or the network.
 */
import type { McpConfig, McpTool } from '../config/mcp'
import type { DenialCode } from '../errors/codes'
import type { TextItem } from '../input/body'
import { collectJsonStrings } from '../screening/extract'
import { screenTexts } from '../screening/screen'
import type { Screened } from '../screening/summary'
import type { ScreenOptions } from '../screening/types'
import { ambiguousIds, matchKey } from './ids'
import type { RpcId, RpcMessage } from './jsonrpc'
import { inspectToolCall, ruleIds } from './policy'
import { checkHeaderMismatch } from './transport'

export type Call = { readonly id: RpcId; readonly name: string; readonly tool: McpTool; readonly args: Record<string, unknown> | undefined }
/** A request whose answer comes back on this exchange. */
export type Awaited = { readonly id: RpcId; readonly method: string; readonly call?: Call }

export type Rejection = {
  readonly code: DenialCode
  readonly reason: string
  readonly extensions?: Readonly<Record<string, unknown>>
}

export type Plan = {
  readonly calls: readonly Call[]
  /** By matchKey (ids.ts): every request of the body, the answers the response path expects. */
  readonly awaited: ReadonlyMap<string, Awaited>
  readonly routeKey: string
  readonly cost: number
  readonly screened: readonly Screened[]
  /** Tool names of refused calls, for the audit record. */
  readonly refusedTools: readonly string[]
  readonly rejection?: Rejection
  /** The JSON-RPC id denials answer on: null for a batch, undefined when the body holds no request. */
  readonly answerId: RpcId | null | undefined
}

export type PlanInput = {
  /** The HTTP method: a POST carries `messages`; GET (the server's stream) and DELETE (end session) carry none. */
  readonly method: string
  readonly messages: readonly RpcMessage[]
  readonly batch: boolean
  /** A GET or DELETE that arrived with a body: refused, never forwarded (issue 12, item 7). */
  readonly unexpectedBody: boolean
  readonly headers: Headers
  /** Query string and listed headers: strings the origin receives outside the body. */
  readonly requestStrings: readonly TextItem[]
  readonly mcp: McpConfig
  readonly scopes: readonly string[]
  readonly quarantined: (tool: string) => boolean
  readonly screen: Partial<ScreenOptions>
}

/** Strings (and keys) of `value`, located under `base`. */
const strings = (value: unknown, base: string): TextItem[] => collectJsonStrings(value).map((s) => ({ location: base + s.location, text: s.text }))

/**
 * What of a message is screened: all of it but `jsonrpc` and `method`, which policy has already
 * pinned to known values (an allow-listed method name is the operator's text, not the agent's),
 * and, for a tool call, `params.arguments` (screened apart under the tool's own mode).
 */
function screenable(raw: Record<string, unknown>, call: boolean): Record<string, unknown> {
  const { jsonrpc: _version, method: _method, ...rest } = raw
  const params = rest['params']
  if (!call || typeof params !== 'object' || params === null || Array.isArray(params) || !('arguments' in params)) return rest
  const { arguments: _omitted, ...others } = params as Record<string, unknown>
  return { ...rest, params: others }
}

/** The id a denial of the whole body answers on: null for a batch, none when it holds no request. */
export function bodyAnswerId(messages: readonly RpcMessage[], batch: boolean): RpcId | null | undefined {
  const first = messages.find((m) => m.kind === 'request')
  return first === undefined ? undefined : batch ? null : first.id
}

export function planRequest(input: PlanInput): Plan {
  const { messages, mcp } = input
  const requests = messages.filter((m) => m.kind === 'request')
  const answerId = bodyAnswerId(messages, input.batch)
  const screened: Screened[] = []
  const calls: Call[] = []
  const refusedTools: string[] = []
  const awaited = new Map<string, Awaited>()
  let rejection: Rejection | undefined
  let rejectedOn: RpcId | null | undefined = answerId
  const refuse = (r: Rejection, id: RpcId | null) => {
    if (rejection) return
    rejection = r
    if (answerId !== undefined) rejectedOn = id
  }
  if (input.unexpectedBody) refuse({ code: 'MCP_MALFORMED', reason: `body_on_${input.method}` }, null)
  const ambiguous = ambiguousIds(requests.map((m) => m.id))
  if (ambiguous !== undefined) refuse({ code: 'MCP_MALFORMED', reason: 'ambiguous_ids' }, null)
  const mismatch = checkHeaderMismatch(input.headers, messages)
  if (!mismatch.ok) refuse({ code: mismatch.code, reason: mismatch.reason }, answerId ?? null)
  if (input.requestStrings.length > 0) {
    const outside = screenTexts(input.requestStrings, input.screen)
    screened.push({ result: outside, mode: 'block' })
    if (outside.verdict === 'block') refuse({ code: 'INPUT_REJECTED', reason: `screening ${ruleIds(outside).join(',')}` }, answerId ?? null)
  }
  messages.forEach((m, i) => {
    const id = m.kind === 'request' ? m.id : null
    const isCall = m.kind !== 'response' && m.method === 'tools/call'
    const rest = screenTexts(strings(screenable(m.raw, isCall), `/${i}`), input.screen)
    screened.push({ result: rest, mode: 'block' })
    const injected = (r: typeof rest) => ({ code: 'INPUT_REJECTED' as const, reason: `screening ${ruleIds(r).join(',')}` })
    if (m.kind === 'response') {
      if (rest.verdict === 'block') refuse(injected(rest), null)
      return
    }
    if (m.kind === 'request') awaited.set(matchKey(m.id)!, { id: m.id, method: m.method })
    if (!mcp.methods.has(m.method)) return refuse({ code: 'MCP_METHOD_NOT_ALLOWED', reason: 'method_not_listed' }, id)
    if (!isCall) {
      if (rest.verdict === 'block') refuse(injected(rest), id)
      return
    }
    if (m.kind !== 'request') return refuse({ code: 'MCP_MALFORMED', reason: 'tools_call_without_id' }, null)
    const verdict = inspectToolCall(m, mcp.tools, input.scopes, input.screen)
    screened.push({ result: verdict.screening, mode: verdict.tool?.screening === 'log' ? 'log' : 'block' })
    if (verdict.denial) {
      if (verdict.name) refusedTools.push(verdict.name)
      return refuse({ code: verdict.denial.code, reason: verdict.denial.reason, ...(verdict.denial.extensions ? { extensions: verdict.denial.extensions } : {}) }, m.id)
    }
    if (rest.verdict === 'block') {
      refusedTools.push(verdict.name!)
      return refuse(injected(rest), m.id)
    }
    if (input.quarantined(verdict.name!)) {
      refusedTools.push(verdict.name!)
      return refuse({ code: 'MCP_TOOL_QUARANTINED', reason: 'definition_changed' }, m.id)
    }
    const call: Call = { id: m.id, name: verdict.name!, tool: verdict.tool!, args: verdict.args }
    calls.push(call)
    awaited.set(matchKey(m.id)!, { id: m.id, method: m.method, call })
  })
  const first = messages[0]
  const routeKey =
    calls.length === 1
      ? `mcp:${calls[0]!.name}`
      : calls.length > 1
        ? 'mcp:batch'
        : refusedTools.length > 0
          ? `mcp:${refusedTools[0]}`
          : `mcp:${first === undefined ? input.method : first.kind === 'response' ? 'response' : first.method}`
  const cost = calls.length > 0 ? calls.reduce((a, c) => a + c.tool.cost, 0) : 1
  return { calls, awaited, routeKey, cost, screened, refusedTools, answerId: rejection ? rejectedOn : answerId, ...(rejection ? { rejection } : {}) }
}
