/**
 * @module Literal prefilter: one Aho–Corasick pass over each normalised view finds which of the
 * rules' required literals occur, so a rule's regex runs only when every literal set it needs is
 * present. Sound by construction (a rule it skips cannot match); built once at module load from
 * the literals required.ts derived at build time (generated/screening-prefilter.ts).
 */
import type { Rule, Variant } from './types'

/** Per rule id: the literals its pattern requires (a conjunction of disjunctions), as scripts/screening/gen-prefilter.ts derives them. */
export type RuleLiterals = Readonly<Record<string, readonly (readonly string[])[]>>

/**
 * Required literals are cut to their first `MAX_LITERAL` characters (a prefix of a required string
 * is required too): it keeps the automata small (≈ 1,900 states per view) while "from n" or
 * "disreg" are still rare in ordinary text.
 */
export const MAX_LITERAL = 6

type Automaton = {
  /** ASCII code → symbol; 0 = a character no literal uses. Every non-ASCII character is `other`. */
  readonly classes: Uint8Array
  readonly other: number
  readonly width: number
  /** Full transition table (state × symbol → state): one load per character, no failure-link walks. */
  readonly delta: Uint16Array
  /** First state on a state's suffix chain (itself included) that ends a literal; 0 when none. */
  readonly emit: Uint16Array
  /** The next such state further down the chain. */
  readonly next: Uint16Array
  /** Disjunctions the literals ending at a state belong to, CSR. */
  readonly outStart: Uint32Array
  readonly outs: Uint16Array
}

export type Prefilter = {
  /** Scan both views of one string; returns the stamp `admits` checks against. */
  scan(plain: string, folded: string): number
  /** Whether rule `index` (its position in the table given to `buildPrefilter`) may match the last scanned string. */
  admits(index: number, stamp: number): boolean
  /** Rules the analysis could not reduce (they always run), for tests and docs. */
  readonly unfiltered: readonly string[]
}

/** Keep only the shortest literals of a disjunction: "ignore" makes "ignore all" redundant. */
export function minimise(d: readonly string[]): string[] {
  const cut = [...new Set(d.map((s) => s.slice(0, MAX_LITERAL)))]
  return cut.filter((s) => !cut.some((o) => o !== s && s.includes(o))).sort()
}

/**
 * Aho–Corasick over symbol classes. Built with typed arrays and native row copies only: it runs
 * once per isolate, cold (interpreted), on about 2,000 states per view.
 */
function automaton(literals: ReadonlyMap<string, readonly number[]>): Automaton {
  const classes = new Uint8Array(128)
  let width = 1
  let nonAscii = false
  let chars = 1
  for (const lit of literals.keys()) {
    chars += lit.length
    for (let i = 0; i < lit.length; i++) {
      const c = lit.charCodeAt(i)
      if (c >= 128) nonAscii = true
      else if (classes[c] === 0) classes[c] = width++
    }
  }
  const other = nonAscii ? width++ : 0
  // Trie: first-child / next-sibling lists; `ends` links each literal's end state to its disjunctions.
  const symbol = new Int32Array(chars)
  const firstChild = new Int32Array(chars).fill(-1)
  const sibling = new Int32Array(chars).fill(-1)
  const ownCount = new Int32Array(chars + 1)
  const ends: [number, readonly number[]][] = []
  let n = 1
  for (const [lit, disjunctions] of literals) {
    let s = 0
    for (let i = 0; i < lit.length; i++) {
      const c = lit.charCodeAt(i)
      const k = c < 128 ? (classes[c] as number) : other
      let t = firstChild[s]!
      while (t !== -1 && symbol[t] !== k) t = sibling[t]!
      if (t === -1) {
        t = n++
        symbol[t] = k
        sibling[t] = firstChild[s]!
        firstChild[s] = t
      }
      s = t
    }
    ownCount[s + 1]! += disjunctions.length
    ends.push([s, disjunctions])
  }
  if (n > 0xffff) throw new Error('prefilter automaton too large')
  const outStart = new Uint32Array(n + 1)
  for (let s = 0; s < n; s++) outStart[s + 1] = outStart[s]! + ownCount[s + 1]!
  const outs = new Uint16Array(outStart[n]!)
  const fill = outStart.slice(0, n)
  for (const [s, ds] of ends) for (const d of ds) outs[fill[s]!++] = d
  // Breadth-first: each row starts as its failure state's row; then the node's own edges.
  const delta = new Uint16Array(n * width)
  const fail = new Uint16Array(n)
  const emit = new Uint16Array(n)
  const next = new Uint16Array(n)
  const queue = new Int32Array(n)
  let tail = 0
  for (let t = firstChild[0]!; t !== -1; t = sibling[t]!) {
    delta[symbol[t]!] = t
    queue[tail++] = t
  }
  for (let q = 0; q < tail; q++) {
    const s = queue[q]!
    const f = fail[s]!
    next[s] = emit[f]!
    emit[s] = outStart[s + 1]! > outStart[s]! ? s : emit[f]!
    delta.copyWithin(s * width, f * width, f * width + width)
    for (let t = firstChild[s]!; t !== -1; t = sibling[t]!) {
      fail[t] = delta[f * width + symbol[t]!]!
      delta[s * width + symbol[t]!] = t
      queue[tail++] = t
    }
  }
  return { classes, other, width, delta, emit, next, outStart, outs }
}

function run(a: Automaton, text: string, hits: Uint32Array, stamp: number): void {
  const { classes, other, width, delta, emit, next, outStart, outs } = a
  let s = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    s = delta[s * width + (c < 128 ? classes[c]! : other)]!
    for (let o = emit[s]!; o !== 0; o = next[o]!) {
      const end = outStart[o + 1]!
      for (let k = outStart[o]!; k < end; k++) hits[outs[k]!] = stamp
    }
  }
}

/**
 * Build the prefilter for a rule table from each rule's required literals (required.ts, generated
 * at build time), grouped into disjunctions and compiled into one automaton per view. A rule with
 * no entry is listed in `unfiltered` and always admitted. The entries must be derived from the
 * current patterns: a unit test regenerates them and fails on any difference.
 */
export function buildPrefilter(rules: readonly Pick<Rule, 'id' | 'pattern' | 'variant'>[], literals: RuleLiterals): Prefilter {
  const ids = new Map<string, number>()
  const byView: Record<Variant, Map<string, number[]>> = { plain: new Map(), folded: new Map() }
  const needs: number[][] = []
  const unfiltered: string[] = []
  for (const rule of rules) {
    const req = (Object.hasOwn(literals, rule.id) ? literals[rule.id] : undefined) ?? []
    if (req.length === 0) unfiltered.push(rule.id)
    const mine: number[] = []
    for (const lits of req) {
      // Generated disjunctions are already minimised and non-empty (scripts/screening/gen-prefilter.ts).
      const key = `${rule.variant}\u0000${lits.join('\u0000')}`
      let id = ids.get(key)
      if (id === undefined) {
        ids.set(key, (id = ids.size))
        for (const lit of lits) {
          const list = byView[rule.variant].get(lit) ?? []
          list.push(id)
          byView[rule.variant].set(lit, list)
        }
      }
      if (!mine.includes(id)) mine.push(id)
    }
    needs.push(mine)
  }
  const plain = automaton(byView.plain)
  const folded = automaton(byView.folded)
  const hits = new Uint32Array(ids.size)
  const needStart = new Uint32Array(needs.length + 1)
  for (let i = 0; i < needs.length; i++) needStart[i + 1] = needStart[i]! + needs[i]!.length
  const needList = Uint16Array.from(needs.flat())
  let stamp = 0
  return {
    unfiltered,
    scan(p: string, f: string): number {
      if (stamp === 0xffffffff) {
        hits.fill(0)
        stamp = 0
      }
      stamp++
      run(plain, p, hits, stamp)
      run(folded, f, hits, stamp)
      return stamp
    },
    admits(index: number, at: number): boolean {
      const end = needStart[index + 1]!
      for (let k = needStart[index]!; k < end; k++) if (hits[needList[k]!] !== at) return false
      return true
    },
  }
}
