/** @module Adversarial inputs: 100k-character runs of what each detector's pattern repeats on must scan quickly (ReDoS guard). */
import { describe, expect, it } from 'vitest'
import { DETECTORS } from '../../../src/dlp/catalog'
import { redactJsonText } from '../../../src/dlp/json-text'
import { findAll, newTally } from '../../../src/dlp/scan'
import { policy } from './fixtures'

const N = 100_000
const ALL = policy({ secret: 'log', pii: 'log' }, 'low')
/** Runs built from the characters and prefixes the patterns repeat on: digits with separators, base64, prefixes, labels. */
const RUNS: readonly string[] = [
  '1'.repeat(N), '4'.repeat(N), '1 '.repeat(N / 2), '1-'.repeat(N / 2), '4539 '.repeat(N / 5), '12-'.repeat(N / 3), '+1 '.repeat(N / 3), '(415) '.repeat(N / 6),
  'A'.repeat(N), 'a'.repeat(N), 'Ab1/'.repeat(N / 4), 'AKIA'.repeat(N / 4), 'AIza'.repeat(N / 4), 'ghp_'.repeat(N / 4), 'glpat-'.repeat(N / 6), 'xoxb-'.repeat(N / 5),
  'sk-'.repeat(N / 3), 'sk-proj-'.repeat(N / 8), 'sk_live_'.repeat(N / 8), 'eyJ'.repeat(N / 3), 'eyJhbGciOi.'.repeat(N / 11), 'e.e.'.repeat(N / 4),
  '-----BEGIN PRIVATE KEY-----'.repeat(N / 27), '-----BEGIN RSA PRIVATE KEY-----\nAAAA'.repeat(N / 37), '-'.repeat(N), '\\n'.repeat(N / 2),
  'a@'.repeat(N / 2), 'a.'.repeat(N / 2), 'a@b.'.repeat(N / 4), 'x'.repeat(N / 2) + '@' + 'y.'.repeat(N / 4), 'password='.repeat(N / 9), 'token: '.repeat(N / 7),
  'api_key="'.repeat(N / 9), 'a'.repeat(N / 2) + 'password', 'postgres://'.repeat(N / 11), 'a://b:'.repeat(N / 6), 'sig='.repeat(N / 4), '?sv=2020-01-01&sig='.repeat(N / 19),
  'DE44 '.repeat(N / 5), 'DE44'.repeat(N / 4), 'AB12 '.repeat(N / 5), 'X1234567'.repeat(N / 8), 'RSSMRA85T10A562'.repeat(N / 15), 'phone: '.repeat(N / 7), 'tel 1 '.repeat(N / 6),
  'SSN 123-45-'.repeat(N / 11), 'BSN: 1'.repeat(N / 6), 'Steuer-ID 12 '.repeat(N / 13), 'data:image/png;base64,'.repeat(N / 22), `data:image/png;base64,${'A'.repeat(N)}`,
]

describe('linear time', () => {
  it('scans every adversarial run quickly with every detector on (generous bound)', () => {
    for (const run of RUNS) {
      const t0 = performance.now()
      findAll(run, { key: 'password' }, ALL)
      const ms = performance.now() - t0
      // Catastrophic backtracking takes seconds to hours on 100k characters; linear work takes milliseconds.
      expect(ms, `run starting ${JSON.stringify(run.slice(0, 16))}`).toBeLessThan(2000)
    }
  })

  it('runs each detector alone on each run quickly', () => {
    for (const d of DETECTORS) {
      for (const run of RUNS.slice(0, 24)) {
        const t0 = performance.now()
        d.find(run, {})
        expect(performance.now() - t0, `${d.id} on ${JSON.stringify(run.slice(0, 12))}`).toBeLessThan(1000)
      }
    }
  })

  it('walks a 1 MB JSON text of many small strings in linear time', () => {
    const text = JSON.stringify({ items: Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'] })) })
    const t0 = performance.now()
    expect(redactJsonText(text, ALL, newTally())).toBe(text)
    expect(performance.now() - t0).toBeLessThan(3000)
  })
})
