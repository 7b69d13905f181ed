/** @module One screening summary for the guard, whichever door: worst score, shadow blocks as flags, live rule ids only, bounded. */
import { describe, expect, it } from 'vitest'
import { allRuleIds, MAX_SUMMARY_RULE_IDS, summarize } from '../../../src/screening/summary'
import type { Finding, ScreenResult } from '../../../src/screening/types'

const f = (ruleId: string, mode: 'block' | 'log' = 'block'): Finding => ({ ruleId, category: 'instruction_override', weight: 0.5, mode, location: '/x' })
const r = (score: number, verdict: ScreenResult['verdict'], findings: Finding[]): ScreenResult => ({ score, verdict, findings })

describe('summarize', () => {
  it('takes the worst score and verdict of the screenings', () => {
    expect(summarize([{ result: r(0.2, 'none', []), mode: 'block' }, { result: r(0.9, 'block', [f('PI-001')]), mode: 'block' }])).toEqual({ score: 0.9, ruleIds: ['PI-001'], verdict: 'block' })
  })
  it('counts a block under a shadow policy as a flag', () => {
    expect(summarize([{ result: r(0.9, 'block', [f('PI-001')]), mode: 'log' }])).toEqual({ score: 0.9, ruleIds: ['PI-001'], verdict: 'flag' })
  })
  it('names live rules only, deduplicated and bounded; logs get every rule', () => {
    const many = Array.from({ length: 40 }, (_, i) => f(`R-${i % 30}`))
    const shadow = f('SHADOW-1', 'log')
    const s = summarize([{ result: r(1, 'block', [shadow, ...many]), mode: 'block' }])
    expect(s.ruleIds).toHaveLength(MAX_SUMMARY_RULE_IDS)
    expect(s.ruleIds).not.toContain('SHADOW-1')
    expect(allRuleIds([{ result: r(1, 'block', [shadow, ...many]), mode: 'block' }])[0]).toBe('SHADOW-1')
  })
  it('is empty for no screening', () => {
    expect(summarize([])).toEqual({ score: 0, ruleIds: [], verdict: 'none' })
  })
})
