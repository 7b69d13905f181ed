/** @module Evaluation of the screening core on labelled JSONL cases (a script, not a test). */
/**
 *
 * Usage: npx tsx scripts/eval-screening.ts [--block=0.7] [--misses=LABEL[:SOURCE]] [--fps] [--markdown] [paths…]
 * Default paths: ../shared/data/* /cases.jsonl relative to the repository (CI clones the repo
 * beside `shared/`). Data is read at run time and never copied into the repo.
 *
 * Per source and label it prints recall (attack labels: share with verdict `block`), the benign
 * false-positive rate (share blocked) and flag rate, the reconstructed seed regexes as a baseline
 * column (scripts/seed-baseline.ts), and throughput. MultiJail (plain harmful requests, no
 * injection wording) is reported in its own section and left out of the totals.
 *
 * Two scopes are printed: ALL rows (in-sample for the learned model: most rows were training
 * data) and HELD-OUT rows only (the `test` split of `splitOf` in scripts/screening/split.ts, which the
 * training script never fits on). "rules only" is the same screen with the model heads turned off.
 * `--heldout` prints only the held-out tables.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { splitOf } from './screening/split'
import { RULES } from '../src/screening/rules'
import { screenTexts } from '../src/screening/screen'
import type { Category } from '../src/screening/types'
import { seedMatches } from './seed-baseline'

type Case = { text: string; label: string; source: string }
type Cell = { n: number; blocked: number; flagged: number; rules: number; seed: number; bytes: number; ms: number }

const ATTACK = new Set(['injection', 'jailbreak', 'xss', 'sqli'])
const SEPARATE_SOURCES = new Set(['multijail'])

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const flags = args.filter((a) => a.startsWith('--'))
let paths = args.filter((a) => !a.startsWith('--'))
if (paths.length === 0) {
  const dataDir = resolve(repoRoot, '../shared/data')
  paths = readdirSync(dataDir)
    .map((d) => join(dataDir, d, 'cases.jsonl'))
    .filter((p) => existsSync(p))
    .sort()
}
const missesArg = flags.find((f) => f.startsWith('--misses='))?.slice('--misses='.length)
const showFps = flags.includes('--fps')
const markdown = flags.includes('--markdown')
const blockArg = flags.find((f) => f.startsWith('--block='))
const options = blockArg ? { blockThreshold: Number(blockArg.slice('--block='.length)) } : undefined
const onlyHeldOut = flags.includes('--heldout')
const RULE_CATEGORIES: readonly Category[] = [...new Set(RULES.map((r) => r.category))]
const rulesOnly = { ...options, categories: RULE_CATEGORIES }

const cells = new Map<string, Cell>()
const cell = (key: string): Cell => {
  let c = cells.get(key)
  if (!c) cells.set(key, (c = { n: 0, blocked: 0, flagged: 0, rules: 0, seed: 0, bytes: 0, ms: 0 }))
  return c
}
const enc = new TextEncoder()
let totalBytes = 0
let totalMs = 0

for (const path of paths) {
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue
    const c = JSON.parse(line) as Case
    const bytes = enc.encode(c.text).length
    const t0 = performance.now()
    const r = screenTexts([{ location: '', text: c.text }], options)
    const ms = performance.now() - t0
    totalBytes += bytes
    totalMs += ms
    const seed = seedMatches(c.text)
    const ruleBlock = screenTexts([{ location: '', text: c.text }], rulesOnly).verdict === 'block'
    const scopes = splitOf(c.text) === 'test' ? ['all', 'test'] : ['all']
    for (const scope of scopes) {
      const x = cell(`${scope}\t${c.source}\t${c.label}`)
      x.n++
      x.bytes += bytes
      x.ms += ms
      if (r.verdict === 'block') x.blocked++
      if (r.verdict === 'flag') x.flagged++
      if (ruleBlock) x.rules++
      if (seed) x.seed++
    }
    const rules = r.findings.map((f) => f.ruleId).join(',')
    if (missesArg) {
      const [label, source] = missesArg.split(':')
      if (c.label === label && (!source || c.source === source) && r.verdict !== 'block')
        console.log(`MISS ${c.source} ${r.score.toFixed(2)} [${rules}] ${JSON.stringify(c.text.slice(0, 300))}`)
    }
    if (showFps && c.label === 'benign' && r.verdict !== 'none')
      console.log(`FP ${r.verdict} ${c.source} [${rules}] ${JSON.stringify(c.text.slice(0, 300))}`)
  }
}

const pct = (a: number, n: number): string => (n === 0 ? '-' : `${((100 * a) / n).toFixed(1)}%`)
const header = ['source', 'label', 'n', 'metric', 'screen', 'flag rate', 'rules only', 'seed baseline', 'MB/s']
const row = (source: string, label: string, c: Cell): string[] => [
  source, label, String(c.n), ATTACK.has(label) ? 'recall' : 'FPR', pct(c.blocked, c.n), pct(c.flagged, c.n), pct(c.rules, c.n), pct(c.seed, c.n),
  (c.bytes / 1e6 / (c.ms / 1e3)).toFixed(1),
]

function print(title: string, body: string[][]): void {
  const all = [header, ...body]
  if (markdown) {
    console.log(`\n**${title}**\n`)
    console.log(`| ${header.join(' | ')} |`)
    console.log(`|${header.map(() => '---').join('|')}|`)
    for (const r of body) console.log(`| ${r.join(' | ')} |`)
    return
  }
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  console.log(`\n${title}`)
  for (const r of all) console.log(r.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  '))
}

for (const scope of onlyHeldOut ? ['test'] : ['all', 'test']) {
  const name = scope === 'all' ? 'ALL rows (in-sample for the model)' : 'HELD-OUT rows only (test split, never trained on)'
  const rows: string[][] = []
  const separate: string[][] = []
  const totals = new Map<string, Cell>()
  for (const [key, c] of [...cells].sort()) {
    const [sc, source, label] = key.split('\t') as [string, string, string]
    if (sc !== scope) continue
    if (SEPARATE_SOURCES.has(source)) {
      separate.push(row(source, label, c))
      continue
    }
    rows.push(row(source, label, c))
    const t = totals.get(label) ?? { n: 0, blocked: 0, flagged: 0, rules: 0, seed: 0, bytes: 0, ms: 0 }
    totals.set(label, { n: t.n + c.n, blocked: t.blocked + c.blocked, flagged: t.flagged + c.flagged, rules: t.rules + c.rules, seed: t.seed + c.seed, bytes: t.bytes + c.bytes, ms: t.ms + c.ms })
  }
  print(`${name}: per source (screen = verdict block; FPR = benign blocked; flag rate = forwarded but reported)`, rows)
  print(`${name}: totals per label`, [...totals].sort().map(([label, c]) => row('ALL (excl. multijail)', label, c)))
  print(`${name}: MultiJail (plain harmful requests without injection wording; not an injection set)`, separate)
}
console.log(`\nThroughput: ${(totalBytes / 1e6).toFixed(2)} MB in ${(totalMs / 1e3).toFixed(2)} s = ${(totalBytes / 1e6 / (totalMs / 1e3)).toFixed(2)} MB/s (Node ${process.version}, one string per call, rules + model)`)
