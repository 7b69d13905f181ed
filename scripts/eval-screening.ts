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
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { screenTexts } from '../src/screening/screen'
import { seedMatches } from './seed-baseline'

type Case = { text: string; label: string; source: string }
type Cell = { n: number; blocked: number; flagged: number; seed: number; bytes: number; ms: number }

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

const cells = new Map<string, Cell>()
const cell = (key: string): Cell => {
  let c = cells.get(key)
  if (!c) cells.set(key, (c = { n: 0, blocked: 0, flagged: 0, seed: 0, bytes: 0, ms: 0 }))
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
    const x = cell(`${c.source}\t${c.label}`)
    x.n++
    x.bytes += bytes
    x.ms += ms
    if (r.verdict === 'block') x.blocked++
    if (r.verdict === 'flag') x.flagged++
    if (seed) x.seed++
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
const rows: string[][] = []
const header = ['source', 'label', 'n', 'metric', 'screen', 'flag rate', 'seed baseline', 'MB/s']
const totals = new Map<string, Cell>()
for (const [key, c] of [...cells].sort()) {
  const [source, label] = key.split('\t') as [string, string]
  const metric = ATTACK.has(label) ? 'recall' : 'FPR'
  rows.push([source, label, String(c.n), metric, pct(c.blocked, c.n), pct(c.flagged, c.n), pct(c.seed, c.n), (c.bytes / 1e6 / (c.ms / 1e3)).toFixed(1)])
  if (SEPARATE_SOURCES.has(source)) continue
  const t = totals.get(label) ?? { n: 0, blocked: 0, flagged: 0, seed: 0, bytes: 0, ms: 0 }
  totals.set(label, { n: t.n + c.n, blocked: t.blocked + c.blocked, flagged: t.flagged + c.flagged, seed: t.seed + c.seed, bytes: t.bytes + c.bytes, ms: t.ms + c.ms })
}
const totalRows: string[][] = [...totals].sort().map(([label, c]) => [
  'ALL (excl. multijail)', label, String(c.n), ATTACK.has(label) ? 'recall' : 'FPR', pct(c.blocked, c.n), pct(c.flagged, c.n), pct(c.seed, c.n),
  (c.bytes / 1e6 / (c.ms / 1e3)).toFixed(1),
])

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

print('Per source (screen = verdict block; FPR = benign blocked; flag rate = forwarded but reported)', rows.filter((r) => !SEPARATE_SOURCES.has(r[0] ?? '')))
print('Totals per label', totalRows)
print('MultiJail (plain harmful requests without injection wording; not an injection set)', rows.filter((r) => SEPARATE_SOURCES.has(r[0] ?? '')))
console.log(`\nThroughput: ${(totalBytes / 1e6).toFixed(2)} MB in ${(totalMs / 1e3).toFixed(2)} s = ${(totalBytes / 1e6 / (totalMs / 1e3)).toFixed(2)} MB/s (Node ${process.version}, one string per call)`)
