/** @module Training library for the screening model (training-only; never bundled): rows, example weights, AdaGrad logistic regression with window max-pooling, Platt scaling, int8 quantisation. */
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { base64url } from 'jose'
import { normalize } from '../../src/screening/normalize'
import { extract, MIN_NORM_COUNT, windowsOf } from '../../src/screening/features'
import { sigmoid, type SerializedHead } from '../../src/screening/model'
import { augment, mulberry32 } from './augment'
import { CORPUS_SOURCE, loadCorpus } from './corpus'
import { splitOf } from './split'

/** Fitting parameters (the CLI may override them). */
export const PARAMS = {
  epochs: 6, l2: 1e-5, lr: 0.2, augment: true, corpus: true,
  /** Weight multiplier of the corpus rows (both classes): the closest text to real agent traffic. */
  corpusBoost: 10,
  /** Share of the Platt-calibration weight carried by the corpus rows (0 = every calib row weighs 1). */
  calibCorpusShare: 0.5,
  /**
   * Calibrated probability at which each head (NN-001, NN-002) alone reaches the block weight
   * 0.7: the Platt intercept is shifted so that p = blockAt maps to 0.7 (0.7 = no shift).
   */
  blockAt1: 0.85,
  blockAt2: 0.7,
}

export type Row = { text: string; label: string; source: string; split: 'train' | 'calib' | 'test'; hashes: Uint32Array; w1: Uint16Array; w0: Int16Array; counts: Int32Array }
export type HeadSpec = { id: string; name: string; bits: number; positive: ReadonlySet<string>; ignore: ReadonlySet<string> }

const EXCLUDED_SOURCES = new Set(['multijail'])

export const HEADS: readonly HeadSpec[] = [
  { id: 'NN-001', name: 'prompt attack (injection, jailbreak)', bits: 16, positive: new Set(['injection', 'jailbreak']), ignore: new Set(['xss', 'sqli']) },
  { id: 'NN-002', name: 'web attack (xss, sqli)', bits: 16, positive: new Set(['xss', 'sqli']), ignore: new Set(['injection', 'jailbreak']) },
]

// ---------------------------------------------------------------- data
/**
 * Rows left out of training (and therefore out of this script's reports; the eval still scores them):
 * BIPIA's e-mail "attacks" are ordinary tasks ("Explain the theory of relativity.") pasted into an
 * e-mail. They are injections only relative to the user's real task, which a string screen does not
 * see; training on them teaches the model to flag ordinary questions and the e-mails around them
 * (leave-one-source-out recall on BIPIA was 5 %, while its benign contexts started to fail). BIPIA's
 * code attacks (malicious code in a code context) are kept: malicious code is a textual signal.
 */
function trainable(c: { source: string; label: string; category?: string }): boolean {
  if (EXCLUDED_SOURCES.has(c.source)) return false
  if (c.source === 'bipia' && c.label === 'injection' && !(c.category ?? '').startsWith('indirect_code_attack')) return false
  return true
}

/**
 * Synthetic benign near-misses, written for this script (templates × vocabulary, deterministic):
 * developer and support prose that NAMES markup, SQL and prompt vocabulary without being an attack
 * ("what does the iframe tag do", "how do I use UNION in MySQL", "ignore whitespace when comparing").
 * The public benign sets have almost none of this, so without it the model learns "mentions <script>"
 * = XSS. They only ever train (split `train`); they are not evaluation data.
 */
function syntheticBenign(): { text: string; label: string; source: string }[] {
  const tags = ['script', 'iframe', 'svg', 'img', 'object', 'embed', 'style', 'a', 'div', 'form', 'input', 'math', 'template', 'link', 'meta', 'base', 'video', 'canvas', 'table', 'button']
  const attrs = ['onload', 'onerror', 'onclick', 'href', 'src', 'srcdoc', 'style', 'alt', 'async', 'defer', 'sandbox', 'type']
  const dbs = ['PostgreSQL', 'MySQL', 'SQL Server', 'SQLite', 'Oracle', 'MariaDB']
  const sqlTasks = ['drop a table', 'drop a column', 'select rows between two dates', 'use UNION ALL to merge two result sets', 'write an inner join', 'order by two columns', 'delete duplicate rows', 'insert many rows at once', 'pause a script for a second', 'list the columns of a table', 'grant read access to a user', 'create an index', 'truncate a table safely', 'group by month', 'use a LIKE pattern with a wildcard', 'compare NULL values', 'escape a single quote', 'write a stored procedure', 'run a query with OR conditions', 'count rows per category']
  const htmlQ = ['what does the <T> tag do', 'the <T> tag embeds content in a page', 'how do I style the <T> element with CSS', 'is the <T> element supported in every browser', 'when should I avoid the <T> tag', 'can I nest a <T> inside a form', 'why is my <T> not showing up', 'accessibility tips for the <T> element']
  const attrQ = ['what is the A attribute used for', 'is the A attribute deprecated', 'how to set the A attribute from JavaScript', 'difference between the A attribute and a data attribute']
  const sqlQ = ['How do I D in X?', 'What is the fastest way to D in X', 'Is it safe to D in X on a live database?', 'Can you explain how to D in X']
  const prose = [
    'ignore case when searching the catalogue', 'please ignore my previous email, the order arrived', 'you are now a member of the rewards club', 'admin access request for the finance dashboard',
    'forget my saved password on this device', 'act as the point of contact for the supplier', 'the system prompt appears when the app starts', 'override the default shipping address for this order',
    'new instructions for the assembly are in the box', 'disregard the delivery note if you already paid', 'reveal the answer after the quiz ends', 'print the invoice for last month',
    'execute the payment on friday', 'delete my account and all my data', 'send all receipts to my work email', 'repeat the order from last week',
    'show me your best selling laptops', 'what rules apply to returns after thirty days', 'bypass the queue with a priority ticket', 'developer mode on my phone is greyed out',
  ]
  const out: { text: string; label: string; source: string }[] = []
  const add = (text: string): void => void out.push({ text, label: 'benign', source: 'synthetic-near-miss' })
  for (const [i, t] of tags.entries()) for (const [j, q] of htmlQ.entries()) if ((i + j) % 2 === 0) add(q.replace('<T>', (i + j) % 4 === 0 ? `<${t}>` : t) + (j % 3 === 0 ? '?' : ''))
  for (const [i, a] of attrs.entries()) for (const [j, q] of attrQ.entries()) if ((i + j) % 2 === 0) add(q.replace('A', a) + '?')
  for (const [i, d] of sqlTasks.entries()) for (const [j, q] of sqlQ.entries()) add(q.replace('D', d).replace('X', dbs[(i + j) % dbs.length] as string))
  for (const p of prose) add(p)
  // Transactional messages an API carries in tool arguments and notifications ("Your order has
  // shipped."): short second-person sentences about orders, accounts and deliveries, which share
  // "your … orders/instructions/account" with override attacks but order nothing from an AI.
  const subjects = ['Your order', 'Your orders', 'Your parcel', 'Your refund', 'Your account', 'Your subscription', 'Your password', 'Your booking', 'Your invoice', 'Your return', 'Your payment', 'Your appointment', 'The order', 'Order 4471', 'Your previous order', 'Your new card']
  const states = ['has shipped', 'was processed', 'is on its way', 'was updated', 'has been cancelled', 'is ready for pickup', 'was changed', 'is confirmed', 'has been delivered', 'is overdue', 'will renew tomorrow', 'was declined', 'has been refunded', 'is delayed by two days', 'needs your attention', 'was received']
  const tails = ['.', '', '!', '. Thank you for shopping with us.', '. Track it in the app.', '. Questions? Reply to this message.', ' — see the details below.']
  for (const [i, subj] of subjects.entries()) for (const [j, st] of states.entries()) if ((i * 7 + j * 3) % 4 === 0) add(`${subj} ${st}${tails[(i + j) % tails.length]}`)
  // Machine-shaped API values (ids, tokens, codes, short words, dates, e-mails, plain URLs): an API
  // gateway sees far more of these than prose, and the public benign sets have none of them.
  const rnd = mulberry32(0xa11ce)
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
  const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  const token = (n: number, set = alnum): string => Array.from({ length: n }, () => set[Math.floor(rnd() * set.length)]).join('')
  const words = ['alpha', 'beta', 'value', 'secret', 'test', 'order', 'item', 'user', 'draft', 'final', 'blue', 'large', 'north', 'invoice', 'report', 'sample', 'default', 'token', 'client', 'session']
  for (let i = 0; i < 400; i++) {
    const w = pick(words)
    const shapes = [
      () => token(1, 'abcdefghijklmnopqrstuvwxyz'), () => String(Math.floor(rnd() * 100000)), () => `${token(8, '0123456789abcdef')}-${token(4, '0123456789abcdef')}-${token(4, '0123456789abcdef')}-${token(4, '0123456789abcdef')}-${token(12, '0123456789abcdef')}`,
      () => `${w.toUpperCase()}-${token(4, '0123456789')}`, () => `${w}_${pick(words)}_${token(2, '0123456789')}`, () => `${w}-${pick(words)}-`.repeat(1 + Math.floor(rnd() * 40)),
      () => `${w.toUpperCase().replace(/E/g, '3')}-${pick(words).toUpperCase()}-`.repeat(1 + Math.floor(rnd() * 40)), () => token(16 + Math.floor(rnd() * 32)),
      () => `${w}.${pick(words)}@example.com`, () => `2024-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
      () => `https://www.example.com/${w}/${token(6)}?page=${Math.floor(rnd() * 9)}&sort=${pick(words)}`, () => `${pick(['x', 'y', 'a', 'b', 'id', 'q'])}`, () => `${w} ${pick(words)}`,
    ]
    add(pick(shapes)())
  }
  return out
}

/** Every trainable row of `dataDir` plus the synthetic rows; `leaveOut` drops one source entirely (leave-one-source-out). */
export function load(dataDir: string, leaveOut?: string): Row[] {
  const rows: Row[] = []
  for (const c of syntheticBenign()) rows.push(toRow(c, 'train'))
  if (PARAMS.augment) for (const c of augment()) rows.push(toRow(c, 'train'))
  // The hand-written corpus is split like the public rows: its held-out 20 % is reported by the eval.
  if (PARAMS.corpus) for (const c of loadCorpus()) rows.push(toRow(c, splitOf(c.text)))
  const dirs = readdirSync(dataDir).sort()
  for (const d of dirs) {
    const p = join(dataDir, d, 'cases.jsonl')
    if (!existsSync(p) || EXCLUDED_SOURCES.has(d) || d === leaveOut) continue
    for (const line of readFileSync(p, 'utf8').split('\n')) {
      if (!line.trim()) continue
      const c = JSON.parse(line) as { text: string; label: string; source: string; category?: string }
      if (!trainable(c)) continue
      rows.push(toRow(c, splitOf(c.text)))
    }
  }
  return rows
}

export function toRow(c: { text: string; label: string; source: string }, split: Row['split']): Row {
  const f = extract(normalize(c.text))
  const J = f.windows
  const n = f.count
  const w1 = new Uint16Array(n)
  const w0 = new Int16Array(n)
  const counts = new Int32Array(J)
  for (let i = 0; i < n; i++) {
    // Features are already distinct per block (features.ts), exactly as model.ts `margins` counts them.
    const [a, b] = windowsOf(f.blocks[i]!, J)
    w1[i] = a
    w0[i] = b
    counts[a] = counts[a]! + 1
    if (b >= 0) counts[b] = counts[b]! + 1
  }
  return { text: c.text, label: c.label, source: c.source, split, hashes: f.hashes.slice(0, n), w1, w0, counts }
}


// ---------------------------------------------------------------- training
export type Example = { y: 0 | 1; w: number; row: Row }

/**
 * Example weights: the two classes carry equal total weight; inside a class, each source's total
 * weight grows with √n (a 15k-row source does not drown a 300-row one). Hard benign sources
 * (trigger words, role prompts, code, e-mails) get a ×3 boost: they are where false positives live.
 */
const HARD_NEGATIVES = new Set([CORPUS_SOURCE, 'synthetic-near-miss', 'augment-benign', 'notinject', 'jackhhao-jailbreak-classification', 'humaneval', 'bipia', 'deepset-prompt-injections'])
export function examples(rows: readonly Row[], head: HeadSpec): Example[] {
  const use = rows.filter((r) => !head.ignore.has(r.label))
  const counts = new Map<string, number>()
  for (const r of use) counts.set(`${r.source}\t${r.label}`, (counts.get(`${r.source}\t${r.label}`) ?? 0) + 1)
  const raw = use.map((r) => {
    const n = counts.get(`${r.source}\t${r.label}`) as number
    const boost = (!head.positive.has(r.label) && HARD_NEGATIVES.has(r.source) ? 3 : 1) * (r.source === CORPUS_SOURCE ? PARAMS.corpusBoost : 1)
    return (boost * Math.sqrt(n)) / n
  })
  let pos = 0
  let neg = 0
  use.forEach((r, i) => (head.positive.has(r.label) ? (pos += raw[i] as number) : (neg += raw[i] as number)))
  const total = use.length
  return use.map((r, i) => {
    const y = head.positive.has(r.label) ? 1 : 0
    const w = ((raw[i] as number) / (y === 1 ? pos : neg)) * (total / 2)
    return { y, w, row: r }
  })
}

export type Fitted = { weights: ArrayLike<number>; bias: number }

/**
 * Margin of a row as at inference (model.ts `margins`): the best window's bias + Σ sign·w / √count.
 * Returns the margin and the best window (the one training updates: max-pooling over windows, a
 * multiple-instance view — a long e-mail is an injection if one window is).
 */
export function best(f: Fitted, r: Row, mask: number, sums: Float64Array): { z: number; win: number } {
  const J = r.counts.length
  sums.fill(0, 0, J)
  const { hashes, w1, w0 } = r
  for (let q = 0; q < hashes.length; q++) {
    const h = hashes[q] as number
    const v = (h >>> 31 === 1 ? -1 : 1) * (f.weights[h & mask] as number)
    const a = w1[q] as number
    sums[a] = (sums[a] as number) + v
    const b = w0[q] as number
    if (b >= 0) sums[b] = (sums[b] as number) + v
  }
  let z = -Infinity
  let win = 0
  for (let j = 0; j < J; j++) {
    const c = r.counts[j] as number
    if (c === 0) continue
    const m = (sums[j] as number) / Math.sqrt(Math.max(c, MIN_NORM_COUNT))
    if (m > z) {
      z = m
      win = j
    }
  }
  return { z: f.bias + (z === -Infinity ? 0 : z), win }
}

export const SUMS = new Float64Array(1 << 12)

export function train(exs: readonly Example[], bits: number, seed: number): { weights: Float64Array; bias: number } {
  const size = 1 << bits
  const mask = size - 1
  const w = new Float64Array(size)
  const g2 = new Float64Array(size)
  const fit = { weights: w, bias: 0 }
  let gb2 = 0
  const order = exs.map((_, i) => i)
  const rnd = mulberry32(seed)
  for (let epoch = 0; epoch < PARAMS.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1))
      const t = order[i] as number
      order[i] = order[j] as number
      order[j] = t
    }
    for (const k of order) {
      const e = exs[k] as Example
      const r = e.row
      const { z, win } = best(fit, r, mask, SUMS)
      const g = (sigmoid(z) - e.y) * e.w
      const c = r.counts[win] as number
      if (c > 0) {
        const norm = 1 / Math.sqrt(Math.max(c, MIN_NORM_COUNT))
        const { hashes, w1, w0 } = r
        for (let q = 0; q < hashes.length; q++) {
          if (w1[q] !== win && w0[q] !== win) continue
          const h = hashes[q] as number
          const b = h & mask
          const x = (h >>> 31 === 1 ? -norm : norm)
          const grad = g * x + PARAMS.l2 * (w[b] as number)
          g2[b] = (g2[b] as number) + grad * grad
          w[b] = (w[b] as number) - (PARAMS.lr * grad) / Math.sqrt((g2[b] as number) + 1e-8)
        }
      }
      gb2 += g * g
      fit.bias -= (PARAMS.lr * g) / Math.sqrt(gb2 + 1e-8)
    }
  }
  return fit
}

/**
 * Platt scaling on held-aside rows: fit p = σ(a·z + b) by Newton's method on the log-loss, with
 * every row at weight 1, so the probability reflects the public data's own class mix (mostly
 * benign) rather than the balanced weights used for fitting.
 */
export function platt(zs: readonly number[], ys: readonly number[], ws: readonly number[]): { a: number; b: number } {
  let a = 1
  let b = 0
  for (let it = 0; it < 50; it++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0
    for (let i = 0; i < zs.length; i++) {
      const z = zs[i] as number
      const p = sigmoid(a * z + b)
      const d = (p - (ys[i] as number)) * (ws[i] as number)
      const h = Math.max(p * (1 - p), 1e-9) * (ws[i] as number)
      ga += d * z; gb += d; haa += h * z * z; hab += h * z; hbb += h
    }
    haa += 1e-6; hbb += 1e-6
    const det = haa * hbb - hab * hab
    const da = (hbb * ga - hab * gb) / det
    const db = (haa * gb - hab * ga) / det
    a -= da
    b -= db
    if (Math.abs(da) + Math.abs(db) < 1e-9) break
  }
  return { a, b }
}

/** int8 quantisation with one scale per head; the scale clips the top 0.01 % of |w| (outliers). */
export function quantise(w: Float64Array): { q: Int8Array; scale: number } {
  const abs = Float64Array.from(w, Math.abs).sort()
  const clip = (abs[Math.floor(abs.length * 0.9999)] as number) || 1
  const scale = clip / 127
  const q = new Int8Array(w.length)
  for (let i = 0; i < w.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round((w[i] as number) / scale)))
  return { q, scale }
}


/** Fit one head on the train split and calibrate it on the calib split; returns it serialised (int8, base64url). */
export function fitHead(rows: readonly Row[], spec: HeadSpec, seed: number): SerializedHead {
  const exs = examples(rows, spec)
  const fit = train(exs.filter((e) => e.row.split === 'train'), spec.bits, seed)
  const { q, scale } = quantise(fit.weights)
  const deq = { weights: Float64Array.from(q, (v) => v * scale), bias: fit.bias }
  const mask = (1 << spec.bits) - 1
  const calib = exs.filter((e) => e.row.split === 'calib')
  const nCorpus = calib.filter((e) => e.row.source === CORPUS_SOURCE).length
  const share = PARAMS.calibCorpusShare
  // Corpus rows carry `share` of the calibration weight, the public rows the rest.
  const cw = (e: Example): number => (share <= 0 || nCorpus === 0 ? 1 : e.row.source === CORPUS_SOURCE ? (share * calib.length) / nCorpus : ((1 - share) * calib.length) / (calib.length - nCorpus))
  const { a, b: fitted } = platt(calib.map((e) => best(deq, e.row, mask, SUMS).z), calib.map((e) => e.y), calib.map(cw))
  const logit = (p: number): number => Math.log(p / (1 - p))
  const at = spec.id === 'NN-001' ? PARAMS.blockAt1 : PARAMS.blockAt2
  const b = fitted + logit(0.7) - logit(at)
  return { id: spec.id, name: spec.name, bits: spec.bits, scale, bias: fit.bias, plattA: a, plattB: b, minProbability: 0.3, int8: base64url.encode(new Uint8Array(q.buffer)) }
}

/** Every head, fitted on `rows`. */
export function fitModel(rows: readonly Row[]): SerializedHead[] {
  return HEADS.map((spec, hi) => fitHead(rows, spec, 0x5eed + hi))
}
