/**
 * @module chargeRecords() as a pure function: an answer's personal-data records against the budgets. Pure.
 *
 * Strict (a buffered answer not yet released): charged only if every budget has room, otherwise
 * refused and counted as a denial. Not strict (a streamed answer that has ended): always charged.
 * Either way, crossing a budget is risk evidence: the `records` event signal.
 */
import type { RecordsInput, RecordsVerdict } from './protocol'
import { chargeRecords, recordsPolicies } from './records'
import { score } from './risk'
import { withRejection, type GuardState } from './state'

export function settleRecords(state: GuardState, input: RecordsInput, now: number): { state: GuardState; verdict: RecordsVerdict } {
  const t = Math.max(now, state.clock)
  const charged = chargeRecords(state.records, input.charges, t, input.strict)
  let next: GuardState = { ...state, clock: t, records: charged.state }
  let risk = state.profile.risk.score
  if (!charged.fits) {
    if (input.strict) next = withRejection(next, t)
    if (input.risk && input.risk.signals.records.mode !== 'off') {
      const s = score(next.profile.risk, [{ signal: 'records', strength: 1 }], t, input.risk)
      next = { ...next, profile: { ...next.profile, risk: s.state } }
      risk = s.risk
    }
  }
  const refused = input.strict && !charged.fits
  return {
    state: next,
    verdict: {
      outcome: refused ? 'deny' : 'allow',
      crossed: !charged.fits,
      ...(refused && Number.isFinite(charged.retryMs) ? { retryAfterSeconds: Math.ceil(charged.retryMs / 1000) } : {}),
      reason: charged.reason,
      policies: recordsPolicies(next.records, input.charges, t),
      risk,
    },
  }
}
