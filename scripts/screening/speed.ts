/** @module Node micro-benchmark of screening the bench order body (the workerd micro op `screen`), per component; for development. */
// @ts-expect-error plain JS module without declarations
import { ORDER_BODY } from '../../bench/lib/tollgate.mjs'
import { parseBody } from '../../src/input/body'
import { DEFAULT_JSON_LIMITS } from '../../src/input/json'
import { normalize } from '../../src/screening/normalize'
import { RULES } from '../../src/screening/rules'
import { screenTexts } from '../../src/screening/screen'
import type { Category } from '../../src/screening/types'

if (process.argv.length > 2) {
  const help = process.argv.includes('--help')
  console[help ? 'log' : 'error'](help ? 'Usage: npx tsx scripts/screening/speed.ts\nTimes screenTexts on the bench order body in Node, whole and per component (normalise, rules, model).' : `unknown argument ${process.argv[2]} (see --help)`)
  process.exit(help ? 0 : 2)
}
const r = parseBody(new TextEncoder().encode(ORDER_BODY as string), 'application/json', DEFAULT_JSON_LIMITS)
if (!r.ok) throw new Error('parse')
const items = r.strings
const bytes = new TextEncoder().encode(ORDER_BODY as string).length
const cats = [...new Set(RULES.map((x) => x.category))] as Category[]
function time(label: string, fn: () => unknown, n = 4000): void {
  for (let i = 0; i < 500; i++) fn()
  const runs: number[] = []
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now()
    for (let i = 0; i < n; i++) fn()
    runs.push(((performance.now() - t0) * 1000) / n)
  }
  const us = runs.sort((a, b) => a - b)[2] as number
  console.log(`${label.padEnd(40)} ${us.toFixed(1).padStart(7)} µs  ${(bytes / us).toFixed(1).padStart(6)} MB/s`)
}
time('screenTexts (default)', () => screenTexts(items))
time('screenTexts (ruleModes {} as inspect)', () => screenTexts(items, { blockThreshold: 0.7, flagThreshold: 0.3, ruleModes: {} }))
time('normalize only', () => { for (const it of items) normalize(it.text) })
time('rules only', () => screenTexts(items, { categories: cats }))
time('model only', () => screenTexts(items, { categories: ['model'] }))
