/**
 * @module Stage (wraps forward): the MCP answer as the agent's client will read it.
 *
 * A session id the origin assigns is bound to this agent before the answer goes out; the body is
 * read in the client's way (src/mcp/respond.ts) and every message goes through the answer planner
 * (src/mcp/answer.ts). When the body has ended, the audit line is written and the slot is freed,
 * with any finding reported to the guard as risk (src/mcp/releases.ts), in waitUntil.
 */
import { createMiddleware } from 'hono/factory'
import { deny } from '../errors/denial'
import { answerMessage, newExchange, owedAnswers, type AnswerContext, type Finding, type Outcome } from '../mcp/answer'
import { decideList } from '../mcp/pins-review'
import { releaseSlot } from '../mcp/releases'
import { answerMode, processResponse, type Rewriter } from '../mcp/respond'
import { answerError, screenPart } from '../mcp/result'
import { isSessionId } from '../mcp/transport'
import { ruleIds } from '../mcp/policy'
import { Unavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../clients/deadline'
import { log } from '../telemetry/log'
import { dlpToolMessage } from './dlp-mcp'
import { audit, pinsAccess, screenOptions, waitUntil, type C, type McpExchange } from './mcp-context'
import type { GatewayEnv } from './types'

/**
 * The client adopts any `Mcp-Session-Id` an answer carries (client/streamableHttp.js `send`), so a
 * new one is bound to this agent in its guard first; the agent cannot use it before the answer.
 */
async function bindAssignedSession(c: C, exchange: McpExchange): Promise<void> {
  const assigned = c.res.headers.get('mcp-session-id')
  if (assigned === null || assigned === exchange.session) return
  if (!isSessionId(assigned)) {
    log({ event: 'mcp_session_id_invalid', requestId: c.get('requestId') })
    c.res.headers.delete('mcp-session-id')
    return
  }
  try {
    await c.get('config').clients.guard.bindSession(c.get('principal').agentId, assigned)
  } catch (error) {
    await c.res.body?.cancel().catch(() => {})
    if (!(error instanceof Unavailable)) throw error
    throw deny('GUARD_UNAVAILABLE', `session_bind_${error.reason}`, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS })
  }
}

export const mcpRespond = createMiddleware<GatewayEnv>(async (c, next) => {
  await next()
  if (c.error) return
  const exchange = c.get('mcp')
  const config = c.get('config')
  const principal = c.get('principal')
  const requestId = c.get('requestId')
  await bindAssignedSession(c, exchange)
  let worst: Finding | undefined
  const note = (o: Outcome) => {
    if (o.refused) log({ event: 'mcp_answer_refused', requestId, agentId: principal.agentId, reason: o.refused })
    if (!o.finding) return
    const { screening, tool } = o.finding
    log({ event: 'mcp_result_flagged', requestId, agentId: principal.agentId, tool, verdict: screening.verdict, rules: ruleIds(screening) })
    if (!worst || screening.score > worst.screening.score) worst = o.finding
  }
  const screen = screenOptions(c)
  const ctx: AnswerContext = {
    awaited: exchange.plan?.awaited ?? new Map(),
    resumed: c.req.method === 'GET' && c.req.header('last-event-id') !== undefined,
    action: config.mcp.results.action,
    screen,
    requestId,
    reviewList: (result) => decideList(result, { declared: config.mcp.tools, scopes: principal.scopes, trusted: principal.scopes.includes(config.mcp.pinScope), screen }, pinsAccess(c)),
  }
  const state = newExchange()
  const rewrite: Rewriter = {
    message: async (raw, bytes) => {
      const outcome = await answerMessage(raw, bytes, ctx, state)
      note(outcome)
      // Data-loss prevention reads what screening let through: tool results and errors (docs/dlp.md).
      if (!outcome.emit || !outcome.toolAnswer) return outcome.emit
      return (await dlpToolMessage(c, outcome.toolAnswer.tool, outcome.emit)) ?? outcome.emit
    },
    owed: (why) => owedAnswers(ctx, state, why),
    text: (text) => {
      if (text === undefined) return { jsonrpc: '2.0', id: null, error: answerError('MCP_RESULT_TOO_LARGE', requestId) }
      const screening = screenPart(text, '', screen)
      if (screening.verdict === 'none') return undefined
      note({ finding: { screening, tool: '(error text)' } })
      return screening.verdict === 'block' ? { jsonrpc: '2.0', id: null, error: answerError('MCP_RESULT_BLOCKED', requestId) } : undefined
    },
  }
  // Registered now, while the request is live; it settles when the body ends (complete, error, cancel).
  let finished!: () => void
  const done = new Promise<void>((resolve) => (finished = resolve))
  waitUntil(
    c,
    done.then(async () => {
      audit(c, exchange, { decision: 'allow', code: 'OK', ...(worst ? { result: worst.screening } : {}) })
      const score = worst?.screening.score
      if (!exchange.admitted && score === undefined) return
      const agent = principal.agentId
      await releaseSlot(agent, exchange.admitted ? exchange.callId : undefined, score, (ids, s) => config.clients.guard.release(agent, ids, s)).catch((error: unknown) =>
        log({ event: 'mcp_release_failed', requestId, error: error instanceof Error ? error.name : 'unknown' }),
      )
    }),
  )
  const onDone = (outcome: 'complete' | 'error' | 'cancelled') => {
    if (outcome !== 'complete') log({ event: 'mcp_response_incomplete', requestId, outcome })
    finished()
  }
  const mode = answerMode(c.req.method, c.res.status, c.res.headers.get('content-type'), ctx.awaited.size > 0)
  c.res = await processResponse(c.res, { mode, rewrite, maxBytes: config.mcp.results.maxBytes, onDone })
})
