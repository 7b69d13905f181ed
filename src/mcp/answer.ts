/**
 * @module The answer planner: each message the origin sends back → what the agent receives. Pure.
 *
 * It reads a message as the MCP SDK client does (envelope.ts), matches an answer to this
 * exchange's requests as the client does (ids.ts) and re-emits it on the request's own id, screens
 * every model-facing string (result.ts) and applies the policy of what it answers:
 * - a tools/call result: the tool's result action;
 * - a tools/list result: least privilege, poisoning and pins (tools-list.ts, behind `reviewList`),
 *   then the rest of the result like any other;
 * - anything else (initialize instructions and serverInfo, prompts, resources, errors, and the
 *   server's own requests and notifications: sampling, elicitation, logging): the global action.
 * An answer that matches no request of this exchange is refused: a client would hand it to
 * whichever of its requests has that number (any stream may answer any request), so it could
 * smuggle a tools/call result past the policy of the call it claims to answer. The one exception
 * is a GET stream resumed with Last-Event-ID, where the client itself re-labels a replayed result
 * as the request it resumes: there every answer is screened under the strictest reading (a `tools`
 * list is filtered as a listing, every string screened) and passed on its own id.
 */
import type { ResultAction } from '../config/mcp'
import type { ScreenOptions, ScreenResult } from '../screening/types'
import { isJson, readOriginMessage, toWire, type Json, type OriginMessage } from './envelope'
import { matchKey } from './ids'
import type { RpcId } from './jsonrpc'
import type { Awaited } from './plan'
import { answerError, applyAction, screenPart, withheldResult, type AnswerCode } from './result'
import { keepTools } from './tools-list'

export type ListDecision = { readonly ok: true; readonly keep: ReadonlySet<string> } | { readonly ok: false; readonly reason: string }

export type AnswerContext = {
  readonly awaited: ReadonlyMap<string, Awaited>
  readonly resumed: boolean
  /** The global result action (MCP_RESULT_ACTION), for answers that are not tool results. */
  readonly action: ResultAction
  readonly screen: Partial<ScreenOptions>
  readonly requestId: string
  /** Which tools of a tools/list result this agent may see (pins and scopes live behind it). */
  readonly reviewList: (result: Json) => Promise<ListDecision>
}

/** What one exchange has answered so far. */
export type ExchangeState = { readonly answered: Set<string>; refused: boolean }

export type Finding = { readonly screening: ScreenResult; readonly tool: string }
/**
 * `toolAnswer` is set when the emitted message answers a tool call (its tool), or may (a result on a
 * resumed stream: tool unknown): the data-loss step applies to those (src/pipeline/dlp-mcp.ts).
 */
export type Outcome = { readonly emit?: Json; readonly finding?: Finding; readonly refused?: string; readonly toolAnswer?: { readonly tool: string | undefined } }

export const newExchange = (): ExchangeState => ({ answered: new Set(), refused: false })

const refuse = (state: ExchangeState, reason: string): Outcome => {
  state.refused = true
  return { refused: reason }
}

const errorOn = (id: RpcId | undefined, code: AnswerCode, ctx: AnswerContext): Json => ({ jsonrpc: '2.0', ...(id !== undefined ? { id } : {}), error: answerError(code, ctx.requestId) })

/** The request an answer is for, or undefined; marks it answered (a second answer is refused). */
function claim(m: OriginMessage, ctx: AnswerContext, state: ExchangeState): Awaited | 'resumed' | undefined {
  if (m.kind !== 'result' && m.kind !== 'error') return undefined
  const key = matchKey(m.id)
  const awaited = key === undefined ? undefined : ctx.awaited.get(key)
  if (awaited && !state.answered.has(key!)) {
    state.answered.add(key!)
    return awaited
  }
  return ctx.resumed && m.id !== undefined ? 'resumed' : undefined
}

/** Handles one message (parsed JSON) from the origin. `size` is its length, for a tool's own result bound. */
export async function answerMessage(raw: unknown, size: number, ctx: AnswerContext, state: ExchangeState): Promise<Outcome> {
  const read = readOriginMessage(raw)
  if (!read.ok) return refuse(state, `invalid_${read.reason}`)
  let m = read.message
  const target = claim(m, ctx, state)
  if ((m.kind === 'result' || m.kind === 'error') && target === undefined) return refuse(state, 'unmatched_response')
  const awaited = typeof target === 'object' ? target : undefined
  if (awaited && m.kind !== 'request' && m.kind !== 'notification') m = { ...m, id: awaited.id }
  const call = awaited?.call
  if (call && m.kind === 'result' && size > call.tool.resultMaxBytes) return { emit: oversized(awaited, ctx) }
  let listed: Json | undefined
  if (m.kind === 'result' && (awaited?.method === 'tools/list' || (target === 'resumed' && Array.isArray(m.result['tools'])))) {
    const review = await ctx.reviewList(m.result)
    if (!review.ok) return { ...refuse(state, `tools_list_${review.reason}`), emit: errorOn(m.id, 'MCP_RESULT_BLOCKED', ctx) }
    listed = keepTools(m.result, review.keep)
    const { tools: _kept, ...others } = listed
    m = { ...m, result: others }
  }
  const wire = toWire(m)
  const part = m.kind === 'result' ? 'result' : m.kind === 'error' ? 'error' : 'params'
  const screening = screenPart(wire[part], `/${part}`, ctx.screen)
  const applied = applyAction(wire, screening, call ? call.tool.resultAction : ctx.action)
  const finding = screening.verdict === 'none' ? undefined : { screening, tool: call?.name ?? (awaited?.method ?? (m.kind === 'request' || m.kind === 'notification' ? m.method : '(stream)')) }
  if (applied.kind === 'block') {
    if (m.kind === 'request' || m.kind === 'notification') return { ...refuse(state, 'blocked'), ...(finding ? { finding } : {}) }
    return { emit: errorOn(m.id, 'MCP_RESULT_BLOCKED', ctx), ...(finding ? { finding } : {}) }
  }
  const out = listed && isJson(applied.message['result']) ? { ...applied.message, result: { ...applied.message['result'], tools: listed['tools'] } } : applied.message
  const toolAnswer = call ? { tool: call.name } : target === 'resumed' && m.kind === 'result' ? { tool: undefined } : undefined
  return { emit: out, ...(finding ? { finding } : {}), ...(toolAnswer ? { toolAnswer } : {}) }
}

/** The answer owed to `awaited` when its result cannot be screened whole: the tool's oversize policy. */
function oversized(awaited: Awaited, ctx: AnswerContext): Json {
  if (awaited.call?.tool.resultOversize === 'withhold') return { jsonrpc: '2.0', id: awaited.id, result: withheldResult() }
  return errorOn(awaited.id, 'MCP_RESULT_TOO_LARGE', ctx)
}

/**
 * Answers for every request still unanswered: after an answer too large to screen (the tool's
 * oversize policy), after a body that could not be read, or at the end when something was refused
 * on the way (the refused message may have been the answer; the client must not wait for it).
 */
export function owedAnswers(ctx: AnswerContext, state: ExchangeState, why: 'too_large' | 'unreadable' | 'end'): Json[] {
  const out: Json[] = []
  if (why === 'end' && !state.refused) return out
  for (const [key, awaited] of ctx.awaited) {
    if (state.answered.has(key)) continue
    state.answered.add(key)
    out.push(why === 'too_large' ? oversized(awaited, ctx) : errorOn(awaited.id, 'MCP_RESULT_BLOCKED', ctx))
  }
  return out
}
