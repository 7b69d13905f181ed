/**
 * @module The MCP path's DLP hook: one tool result (or error) message, as the response path parsed it.
 *
 * Called per message, on JSON bodies and on each SSE event alike (src/pipeline/mcp.ts). The tool's
 * policy applies (the global one for a result on the GET stream, whose tool is unknown). Records are
 * charged strictly before the message is released: a result that does not fit the agent's budget
 * becomes a JSON-RPC error RECORDS_BUDGET_EXHAUSTED on its id, like every other tool-level refusal.
 */
import type { Context } from 'hono'
import { policyFor } from '../config/dlp'
import { applyDlpToMessage, dlpRpcError } from '../dlp/mcp'
import { DenialError } from '../errors/denial'
import { afterAnswer, chargeAnswerRecords, eventContext, reportFinding } from './dlp-report'
import type { GatewayEnv } from './types'

type Message = Record<string, unknown>

/** The message with the tool's DLP policy applied, or undefined when it is unchanged. */
export async function dlpToolMessage(c: Context<GatewayEnv>, tool: string | undefined, message: Message): Promise<Message | undefined> {
  const config = c.get('config')
  const policy = tool === undefined ? config.dlp.fallback : policyFor(config.dlp, 'tools', tool)
  if (!policy) return undefined
  const endpoint = `mcp:${tool ?? '(stream)'}`
  const applied = applyDlpToMessage(message, policy, c.get('requestId'))
  let out = applied.message
  let recordsCrossed = false
  let withheld = out !== message && 'error' in out && !('error' in message)
  try {
    if (!withheld) recordsCrossed = await chargeAnswerRecords(c, endpoint, applied.tally, true)
  } catch (error) {
    if (!(error instanceof DenialError)) throw error
    recordsCrossed = error.denial.code === 'RECORDS_BUDGET_EXHAUSTED'
    withheld = true
    out = { jsonrpc: '2.0', id: message['id'] ?? null, error: dlpRpcError(error.denial.code, c.get('requestId'), error.denial.retryAfterSeconds) }
  }
  const extra = { withheld, recordsCrossed, ...(applied.unscanned !== undefined ? { unscanned: applied.unscanned } : {}) }
  afterAnswer(c, reportFinding(c, eventContext(c, endpoint), 'mcp', applied.tally, extra))
  return out === message ? undefined : out
}
