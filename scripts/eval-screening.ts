/** @module Evaluation of the screening core on labelled JSONL cases (a script, not a test). */
/**
 *
 * Usage: npx tsx scripts/eval-screening.ts [--quick] [--sets] [--no-loso] [--block=0.7] [--heldout] [--misses=LABEL[:SOURCE]] [--fps] [--markdown] [paths…]
 *
 * Sections, in this order:
 * 1. LEAVE-ONE-SOURCE-OUT (the headline): for every source with ≥ 100 attack rows, the model is
 *    retrained without any row of it (scripts/screening/loso.ts) and the full screen (rules +
 *    retrained heads, default threshold) is run on all its rows; next to it, the retrained
 *    model's FPR on the held-out benign rows of the other sources (same operating point).
 * 2. SEALED SETS (test/fixtures/screening/sealed-{a,b}.jsonl, the stand-in for the hidden sets:
 *    per family and language, counts only), PROXY SETS (test/fixtures/screening/proxy.jsonl:
 *    dev and test split separately; tune on dev) and the held-out split of the training corpus
 *    (scripts/screening/data). `--sets` prints only these.
 * 3. ALL rows and HELD-OUT rows of the public data, as before.
 * `--quick` trains the folds with 3 epochs and prints sections 1 and 2 plus the held-out totals.
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
import { itemsOf, loadProxy } from './screening/proxy'
import { loadSealed, SEALED_SETS } from './screening/sealed'
import { GROUPED_HEADER, groupedRows, type TableCase } from './screening/tables'
import { loadCorpus } from './screening/corpus'
import { fold, foldSources, type Fold, type FoldFpr } from './screening/loso'
import { load, PARAMS } from './screening/train-lib'
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
const quick = flags.includes('--quick')
const setsOnly = flags.includes('--sets')
const onlyHeldOut = flags.includes('--heldout') || quick
const KNOWN_FLAG = /^--(quick|sets|no-loso|heldout|fps|markdown|help|block=[0-9.]+|misses=[a-z:-]+)$/
if (flags.includes('--help')) {
  console.log('Usage: npx tsx scripts/eval-screening.ts [--quick] [--sets] [--no-loso] [--block=0.7] [--heldout] [--misses=LABEL[:SOURCE]] [--fps] [--markdown] [paths…]\nPrints the leave-one-source-out table, the sealed, proxy and corpus held-out tables (--sets: only those), then the public data tables. Example: npm run eval:screening -- --quick')
  process.exit(0)
}
const badFlag = flags.find((f) => !KNOWN_FLAG.test(f))
if (badFlag) {
  console.error(`unknown or malformed flag ${badFlag} (see --help)`)
  process.exit(2)
}
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

for (const path of setsOnly ? [] : paths) {
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

const print = (title: string, body: string[][]): void => printSimple(title, header, body)

function printSimple(title: string, head: readonly string[], body: readonly string[][]): void {
  const all = [head, ...body]
  if (markdown) {
    console.log(`\n**${title}**\n`)
    console.log(`| ${head.join(' | ')} |`)
    console.log(`|${head.map(() => '---').join('|')}|`)
    for (const r of body) console.log(`| ${r.join(' | ')} |`)
    return
  }
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  console.log(`\n${title}`)
  for (const r of all) console.log(r.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  '))
}

// 1. Leave-one-source-out (headline).
if (!flags.includes('--no-loso') && !setsOnly && paths.length > 0) {
  const t0 = performance.now()
  if (quick) PARAMS.epochs = 3
  const dataDir = dirname(dirname(paths[0] as string))
  const trainRows = load(dataDir)
  const all: Case[] = paths.flatMap((p) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case))
  const heldOutBenign = all.filter((c) => c.label === 'benign' && splitOf(c.text) === 'test')
  const folds: Fold[] = []
  const fprs: FoldFpr[] = []
  for (const source of foldSources(trainRows)) {
    const r = fold(trainRows, source, all.filter((c) => c.source === source), heldOutBenign.filter((c) => c.source !== source))
    folds.push(...r.folds)
    fprs.push(r.fpr)
    console.error(`LOSO fold ${source} done (${((performance.now() - t0) / 1000).toFixed(0)} s)`)
  }
  const fprOf = new Map(fprs.map((f) => [f.source, f]))
  printSimple(`LEAVE-ONE-SOURCE-OUT (headline): model retrained without the source, full screen (rules + retrained heads) at block ${options?.blockThreshold ?? 0.7}; target recall ≥ 70 % per source with ≥ 100 attack rows (${((performance.now() - t0) / 1000).toFixed(0)} s, ${PARAMS.epochs} epochs)`,
    ['left-out source', 'label', 'n', 'recall (blocked)', 'flag rate', 'benign FPR of that model (held-out, other sources)'],
    folds.filter((f) => f.label !== 'benign').map((f) => {
      const fp = fprOf.get(f.source) as FoldFpr
      return [f.source, f.label, String(f.n), pct(f.blocked, f.n), pct(f.flagged, f.n), `${pct(fp.blocked, fp.n)} of ${fp.n}`]
    }).concat(folds.filter((f) => f.label === 'benign').map((f) => [f.source, 'benign (FPR)', String(f.n), pct(f.blocked, f.n), pct(f.flagged, f.n), '']))
  )
}

// 2. Sealed sets (stand-in for the hidden sets; counts only) and the proxy sets, per family and language.
{
  const screen = (items: TableCase['items']) => screenTexts(items, options)
  for (const set of SEALED_SETS) {
    printSimple(`SEALED SET ${set.toUpperCase()} (test/fixtures/screening/sealed-${set}.jsonl, written by another author; never trained or tuned on, texts unread): target ≥ 90 % of attacks blocked at ≤ 3 % FPR`, GROUPED_HEADER, groupedRows(loadSealed(set), screen, pct))
  }
  const proxy = loadProxy()
  for (const split of ['test', 'dev']) {
    const cases = proxy.filter((c) => c.split === split).map((c) => ({ attack: ATTACK.has(c.label), groups: [`family=${c.family}`], items: itemsOf(c) }))
    printSimple(`PROXY SET, ${split.toUpperCase()} split (hand-written, test/fixtures/screening/proxy.jsonl; ${split === 'test' ? 'never tuned on' : 'tuned on'})`, GROUPED_HEADER, groupedRows(cases, screen, pct))
  }
  const corpus = loadCorpus().filter((c) => splitOf(c.text) === 'test')
  const cases = corpus.map((c) => ({ attack: ATTACK.has(c.label), groups: [`family=${c.family}`, `lang=${c.lang}`], items: [{ location: '/text', text: c.text }] }))
  printSimple('TRAINING CORPUS, held-out split (scripts/screening/data, the 20 % the model never fits: same authors as the training rows)', GROUPED_HEADER, groupedRows(cases, screen, pct))
}
if (setsOnly) process.exit(0)

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
