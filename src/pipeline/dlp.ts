/**
 * @module Stage (wraps forward on REST routes): data-loss prevention on the origin's answer.
 *
 * A route whose policy has nothing on costs one map lookup: its answer is not read, wrapped or
 * transformed (not even a TransformStream). Otherwise the answer goes through src/dlp/respond.ts:
 * a buffered JSON answer is redacted, its records charged strictly (withheld with 429
 * RECORDS_BUDGET_EXHAUSTED when a budget has no room) and reported before it is released; a
 * streamed answer is redacted as it flows and charged and reported when it ends. A `block` finding
 * or an unreadable answer under `unscanned = "block"` answers 502 DLP_BLOCKED / DLP_UNSCANNABLE.
 */
import { createMiddleware } from 'hono/factory'
import { policyFor } from '../config/dlp'
import { screenAnswer } from '../dlp/respond'
import { DenialError, deny } from '../errors/denial'
import { afterAnswer, chargeAnswerRecords, eventContext, reportFinding } from './dlp-report'
import { deniedWith } from './outcome'
import type { GatewayEnv } from './types'

export const dlpRespond = createMiddleware<GatewayEnv>(async (c, next) => {
  const config = c.get('config')
  const endpoint = c.get('route').key
  const policy = policyFor(config.dlp, 'routes', endpoint)
  if (!policy) return next()
  await next()
  // A denial rendered downstream (origin unreachable, timeout) is Tollgate's own text.
  if (deniedWith(c)) return
  const answer = await screenAnswer(c.res, policy, config.dlp.maxBufferBytes)
  const ctx = eventContext(c, endpoint)
  if (answer.kind === 'withhold') {
    const r = answer.report
    afterAnswer(c, reportFinding(c, ctx, r.mode, r.tally, { withheld: true, ...(r.unscanned ? { unscanned: r.unscanned } : {}) }))
    if (answer.code === 'ORIGIN_UNAVAILABLE') throw deny(answer.code, 'origin_body_error', { retryAfterSeconds: 5 })
    throw deny(answer.code, r.unscanned ?? 'dlp_block_finding')
  }
  if (answer.buffered) {
    const r = await answer.report
    const unscanned = r.unscanned ? { unscanned: r.unscanned } : {}
    let recordsCrossed: boolean
    try {
      recordsCrossed = await chargeAnswerRecords(c, endpoint, r.tally, true)
    } catch (error) {
      const refused = error instanceof DenialError && error.denial.code === 'RECORDS_BUDGET_EXHAUSTED'
      afterAnswer(c, reportFinding(c, ctx, r.mode, r.tally, { ...unscanned, withheld: true, recordsCrossed: refused }))
      void answer.response.body?.cancel().catch(() => {})
      throw error
    }
    afterAnswer(c, reportFinding(c, ctx, r.mode, r.tally, { ...unscanned, recordsCrossed }))
    c.res = answer.response
    return
  }
  c.res = answer.response
  afterAnswer(
    c,
    answer.report.then(async (r) => {
      const recordsCrossed = r.mode === 'stream' ? await chargeAnswerRecords(c, endpoint, r.tally, false) : false
      await reportFinding(c, ctx, r.mode, r.tally, { outcome: r.outcome, recordsCrossed, ...(r.unscanned ? { unscanned: r.unscanned } : {}) })
    }),
  )
})
