/** @module CLI: trains the screening model (hashed n-gram logistic regression heads) and writes generated/screening-model.ts. */
/**
 * Usage: npx tsx scripts/train-screening-model.ts [--dry-run] [--no-augment] [--epochs=N] [--l2=X] [--lr=X] [data dir]
 *
 * Deterministic: the split is a hash of the text (`splitOf` in scripts/screening/split.ts), the
 * shuffle uses a fixed-seed PRNG, and training is single-threaded floating point in a fixed order,
 * so the same data gives byte-identical weights and the same content-hash version. Public data is
 * read at run time from ../shared/data (never copied into the repository); the hand-written
 * training corpus lives in scripts/screening/data; only the quantised weights are written. The fitting itself is scripts/screening/train-lib.ts (the evaluation's
 * leave-one-source-out retrains with it too).
 *
 * Heads (each a binary logistic regression over the same features, see src/screening/model.ts):
 * - NN-001 "prompt attack": injection + jailbreak rows vs benign rows;
 * - NN-002 "web attack": xss + sqli rows vs benign rows.
 * Rows: `train` split (70 %) fits the weights, `calib` (10 %) fits Platt scaling, `test` (20 %)
 * is only reported here. Family augmentation (scripts/screening/augment.ts) adds train rows.
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeHead, probabilities } from '../src/screening/model'
import { normalize } from '../src/screening/normalize'
import { MODEL_FILE, writeModel } from './screening/model-file'
import { HEADS, fitHead, load, PARAMS } from './screening/train-lib'

const HELP = `Usage: npx tsx scripts/train-screening-model.ts [--dry-run] [--no-augment] [--epochs=N] [--l2=X] [--lr=X] [data dir]
Trains the screening model heads on ../shared/data (or the given directory), the corpus in
scripts/screening/data and the family augmentation, and writes ${MODEL_FILE} (content-hash version). Example: npm run train:screening -- --dry-run`
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const argv = process.argv.slice(2)
if (argv.includes('--help')) {
  console.log(HELP)
  process.exit(0)
}
const KNOWN = /^--(dry-run|no-augment|(epochs|l2|lr)=[0-9.e-]+)$/
const bad = argv.find((a) => a.startsWith('--') && !KNOWN.test(a))
if (bad) {
  console.error(`unknown or malformed flag ${bad} (see --help)`)
  process.exit(2)
}
const flag = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
PARAMS.epochs = Number(flag('epochs') ?? PARAMS.epochs)
PARAMS.l2 = Number(flag('l2') ?? PARAMS.l2)
PARAMS.lr = Number(flag('lr') ?? PARAMS.lr)
PARAMS.augment = !argv.includes('--no-augment')
const dataDir = argv.find((a) => !a.startsWith('--')) ?? resolve(repoRoot, '../shared/data')

const t0 = performance.now()
const rows = load(dataDir)
console.log(`loaded ${rows.length} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; train ${rows.filter((r) => r.split === 'train').length}, calib ${rows.filter((r) => r.split === 'calib').length}, test ${rows.filter((r) => r.split === 'test').length}`)
const serialized = HEADS.map((spec, hi) => {
  const t1 = performance.now()
  const h = fitHead(rows, spec, 0x5eed + hi)
  console.log(`${spec.id} ${spec.name}: ${((performance.now() - t1) / 1000).toFixed(1)} s; scale ${h.scale.toExponential(3)}, platt a=${h.plattA.toFixed(3)} b=${h.plattB.toFixed(3)}`)
  return h
})
// Held-out report (test split, model alone, p ≥ 0.7), per source and label.
const heads = serialized.map(decodeHead)
const cells = new Map<string, { n: number; hit: number }>()
for (const r of rows) {
  if (r.split !== 'test') continue
  const p = probabilities(normalize(r.text), heads)
  const j = r.label === 'xss' || r.label === 'sqli' ? 1 : 0
  const k = `${r.source}\t${r.label}`
  const c = cells.get(k) ?? { n: 0, hit: 0 }
  c.n++
  if ((r.label === 'benign' ? Math.max(...p) : (p[j] as number)) >= 0.7) c.hit++
  cells.set(k, c)
}
console.log('held-out (test split), model alone, p ≥ 0.7 (benign: either head):')
for (const [k, c] of [...cells].sort()) console.log(`  ${k.padEnd(48)} n=${String(c.n).padStart(5)}  ${((100 * c.hit) / c.n).toFixed(1)}%`)

const about = `Training: hashed char 2–5-grams (plain view) + word 1–2-grams (folded view); ${PARAMS.epochs} epochs AdaGrad, L2 ${PARAMS.l2}; family augmentation ${PARAMS.augment ? 'on' : 'off'}; split by text hash (train 70 % / calib 10 % / held-out 20 %).`
if (argv.includes('--dry-run')) console.log('\n(dry run: the model module was not written)')
else {
  const size = writeModel(resolve(repoRoot, MODEL_FILE), serialized, about)
  console.log(`\nwrote ${MODEL_FILE} (${(size / 1024).toFixed(1)} KB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}
