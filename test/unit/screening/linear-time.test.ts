/** @module Adversarial inputs: 100k-character runs of what each pattern is greedy on must screen quickly (ReDoS guard). */
import { describe, expect, it } from 'vitest'
import { normalize } from '../../../src/screening/normalize'
import { RULES } from '../../../src/screening/rules'
import { screenTexts } from '../../../src/screening/screen'

const N = 100_000
/** Runs built from the characters and words the patterns repeat on: spaces, quotes, brackets, filler words, SQL and markup fragments. */
const RUNS: readonly string[] = [
  'a'.repeat(N), ' '.repeat(N), '<'.repeat(N), '<a '.repeat(N / 3), '"'.repeat(N), "'".repeat(N), "' or ".repeat(N / 5),
  '/**/'.repeat(N / 4), '%25'.repeat(N / 3), '&amp;'.repeat(N / 5), '\\u0041'.repeat(N / 6), 'A'.repeat(N), '0'.repeat(N),
  'ignore '.repeat(N / 7), 'ignore all '.repeat(N / 11), 'you are '.repeat(N / 8), 'i '.repeat(N / 2), '=== '.repeat(N / 4),
  '<script '.repeat(N / 8), 'union '.repeat(N / 6), 'select '.repeat(N / 7), '!['.repeat(N / 2), 'http://'.repeat(N / 7),
  '1 or 1='.repeat(N / 7), '<!--'.repeat(N / 4), 'on'.repeat(N / 2), 'javascript'.repeat(N / 10), '忽略'.repeat(N / 2),
  'ignoriere '.repeat(N / 10), '(('.repeat(N / 2), ';'.repeat(N), '\n'.repeat(N), '-'.repeat(N),
  // SQLI-011…017, XSS-012…015
  'and 1='.repeat(N / 6), "' or x".repeat(N / 6), "' and ".repeat(N / 6), '[$ne'.repeat(N / 4), '"$where'.repeat(N / 7), '=;'.repeat(N / 2),
  'char(1)'.repeat(N / 7), 'chr(9)||'.repeat(N / 8), 'except '.repeat(N / 7), 'and (select '.repeat(N / 12), "' or ''".repeat(N / 7),
  'window['.repeat(N / 7), '!entity '.repeat(N / 8), 'url('.repeat(N / 4), '+adw-'.repeat(N / 5), '’ or ‘'.repeat(N / 6),
]

describe('linear time', () => {
  it('screens every adversarial run quickly (generous bound)', () => {
    for (const run of RUNS) {
      const t0 = performance.now()
      screenTexts([{ location: '/x', text: run }])
      const ms = performance.now() - t0
      // Catastrophic backtracking takes seconds to hours on 100k characters; linear work takes milliseconds.
      expect(ms, `run starting ${JSON.stringify(run.slice(0, 12))}`).toBeLessThan(2000)
    }
  })

  it('runs each rule on a worst-case run of its own leading characters quickly', () => {
    for (const rule of RULES) {
      const seed = rule.pattern.source.replace(/[^a-z<'"!;%&]/g, '').slice(0, 8) || 'a'
      const text = seed.repeat(Math.ceil(N / seed.length))
      const v = normalize(text)
      const t0 = performance.now()
      rule.pattern.test(rule.variant === 'plain' ? v.plain : v.folded)
      expect(performance.now() - t0, rule.id).toBeLessThan(1000)
    }
  })
})
