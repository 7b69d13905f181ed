/**
 * @module The literal prefilter never hides a match: whenever a rule's pattern matches a string, the
 * prefilter admits the rule on it (every required disjunction has a literal in the string).
 * Checked on (1) every string literal of the per-rule table in rules.test.ts, normalised into the view
 * the rule reads, (2) the public evaluation rows when `../shared/data` is present, (3) strings generated
 * from each pattern itself (fast-check `stringMatching` on the pattern with its zero-width assertions
 * removed, a superset language, then filtered by the real pattern), and (4) random mixes of the
 * required literals, the pattern's own literal fragments, separators and random ASCII. The analysis
 * itself (required.ts) is checked on random regular expressions, and the generated table against a
 * fresh derivation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RULE_LITERALS } from '../../../generated/screening-prefilter'
import { prefilterModule, PREFILTER_FILE } from '../../../scripts/screening/gen-prefilter'
import { normalize } from '../../../src/screening/normalize'
import { buildPrefilter, MAX_LITERAL } from '../../../src/screening/prefilter'
import { RULES } from '../../../src/screening/rules'
import { PREFILTER } from '../../../src/screening/screen'
import type { Rule } from '../../../src/screening/types'

const HERE = dirname(fileURLToPath(import.meta.url))
const INDEX = new Map(RULES.map((r, i) => [r.id, i]))

/** The invariant: a match implies that the prefilter admits the rule (the string scanned as both views). */
const holds = (rule: Rule, s: string): boolean => {
  if (!rule.pattern.test(s)) return true
  return PREFILTER.admits(INDEX.get(rule.id) as number, PREFILTER.scan(s, s))
}

const viewOf = (rule: Rule, text: string): string => {
  const v = normalize(text)
  return rule.variant === 'plain' ? v.plain : v.folded
}

/** Every quoted string literal in rules.test.ts (attack examples and near-misses alike). */
function tableStrings(): string[] {
  const src = readFileSync(join(HERE, 'rules.test.ts'), 'utf8')
  const out: string[] = []
  const re = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const body = m[1] ?? m[2] ?? ''
    try {
      out.push(JSON.parse(`"${body.replace(/\\'/g, "'").replace(/(?<!\\)"/g, '\\"')}"`) as string)
    } catch {
      out.push(body)
    }
  }
  return out
}

/** Text of every row of the shared evaluation sets, if they are checked out next to the repo. */
function datasetTexts(): string[] {
  const root = join(HERE, '../../../../shared/data')
  if (!existsSync(root)) return []
  const out: string[] = []
  for (const dir of readdirSync(root)) {
    const file = join(root, dir, 'cases.jsonl')
    if (!existsSync(file)) continue
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue
      try {
        const row = JSON.parse(line) as { text?: unknown; input?: unknown; prompt?: unknown }
        const t = row.text ?? row.input ?? row.prompt
        if (typeof t === 'string') out.push(t)
      } catch {
        /* not a JSON row */
      }
    }
  }
  return out
}

/**
 * The pattern source with zero-width assertions (`\b`, `\B`, lookahead and lookbehind groups) removed:
 * a superset language that fast-check's `stringMatching` can generate from.
 */
export function relax(source: string): string {
  let out = ''
  let i = 0
  let inClass = false
  while (i < source.length) {
    const c = source[i] as string
    if (c === '\\') {
      const pair = source.slice(i, i + 2)
      if (!inClass && (pair === '\\b' || pair === '\\B')) {
        i += 2
        continue
      }
      out += pair
      i += 2
      continue
    }
    if (inClass) {
      if (c === ']') inClass = false
      out += c
      i++
      continue
    }
    if (c === '[') {
      inClass = true
      out += c
      i++
      continue
    }
    if (c === '(' && /^\(\?(?:=|!|<=|<!)/.test(source.slice(i, i + 4))) {
      // Skip the whole assertion group.
      let depth = 0
      let cls = false
      for (; i < source.length; i++) {
        const d = source[i] as string
        if (d === '\\') {
          i++
          continue
        }
        if (cls) {
          if (d === ']') cls = false
          continue
        }
        if (d === '[') cls = true
        else if (d === '(') depth++
        else if (d === ')' && --depth === 0) break
      }
      i++
      // A quantifier on an assertion is meaningless once it is gone.
      if (/[?*+]/.test(source[i] ?? '')) i++
      continue
    }
    out += c
    i++
  }
  return out
}

/** Lower-case literal fragments of the pattern (words, multi-byte runs, punctuation pairs). */
function fragments(rule: Rule): string[] {
  const src = rule.pattern.source.replace(/\\[a-zA-Z]/g, ' ')
  const parts = src.split(/[()|?:*+{}[\]^$\\,0-9]+/).map((p) => p.trim()).filter((p) => p.length > 0 && p.length < 40)
  return [...new Set(parts)]
}

const SEPARATORS = [' ', '', '  ', '\n', '\t', "'", '"', ')', '(', ';', '=', '<', '>', '/', '-', '#', '[', ']', ':', '.', ',', '+', '/**/', '--', '|']

describe('the prefilter never hides a match', () => {
  it('has required literals for every rule, from the current patterns', () => {
    expect(PREFILTER.unfiltered).toEqual([])
    const fresh = prefilterModule()
    // Run `npx tsx scripts/screening/gen-prefilter.ts` after changing a rule.
    expect(readFileSync(join(HERE, '../../..', PREFILTER_FILE), 'utf8'), 'generated prefilter is stale').toBe(fresh)
    for (const r of RULES) {
      const all = RULE_LITERALS[r.id] ?? []
      expect(all.length, r.id).toBeGreaterThan(0)
      for (const d of all) for (const lit of d) expect(lit.length).toBeLessThanOrEqual(MAX_LITERAL)
    }
  })

  it('admits only the rules whose literals are present', () => {
    const pf = buildPrefilter(
      [
        { id: 'A', variant: 'folded', pattern: /x/ },
        { id: 'B', variant: 'plain', pattern: /x/ },
        { id: 'C', variant: 'plain', pattern: /x/ },
      ],
      { A: [['ignore', 'disreg'], ['previo']], B: [['<']] },
    )
    expect(pf.unfiltered).toEqual(['C'])
    let st = pf.scan('a < b', 'please ignore the previous line')
    expect([0, 1, 2].map((i) => pf.admits(i, st))).toEqual([true, true, true])
    st = pf.scan('a b', 'please ignore the line')
    expect([0, 1, 2].map((i) => pf.admits(i, st))).toEqual([false, false, true])
    // Each view is scanned by its own rules' literals only.
    st = pf.scan('ignore previous', '<')
    expect([0, 1].map((i) => pf.admits(i, st))).toEqual([false, false])
    // Non-ASCII characters match any non-ASCII literal character (a superset, still sound).
    const ml = buildPrefilter([{ id: 'M', variant: 'plain', pattern: /x/ }], { M: [['忽略']] })
    expect(ml.admits(0, ml.scan('请忽略', ''))).toBe(true)
    expect(ml.admits(0, ml.scan('ignore', ''))).toBe(false)
  })

  const table = tableStrings()
  it.each(RULES.map((r) => [r.id, r] as const))('%s: holds on the rules.test.ts strings (normalised view and raw)', (_id, rule) => {
    expect(table.length).toBeGreaterThan(100)
    for (const s of table) {
      const view = viewOf(rule, s)
      expect(holds(rule, view), `${rule.id} on ${JSON.stringify(view)}`).toBe(true)
      expect(holds(rule, s.toLowerCase()), `${rule.id} on ${JSON.stringify(s)}`).toBe(true)
    }
  })

  const rows = datasetTexts()
  it.skipIf(rows.length === 0)('holds on every evaluation row (normalised views)', () => {
    let matched = 0
    for (const text of rows) {
      const v = normalize(text)
      const st = PREFILTER.scan(v.plain, v.folded)
      for (const [i, rule] of RULES.entries()) {
        if (!rule.pattern.test(rule.variant === 'plain' ? v.plain : v.folded)) continue
        matched++
        expect(PREFILTER.admits(i, st), `${rule.id} on ${JSON.stringify(text.slice(0, 200))}`).toBe(true)
      }
    }
    expect(matched).toBeGreaterThan(1000)
  }, 120_000)

  describe.each(RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    it('holds on strings generated from the pattern itself', () => {
      const relaxed = new RegExp(relax(rule.pattern.source), rule.pattern.flags)
      const ascii = fc.string({ unit: 'binary-ascii', maxLength: 8 }).map((s) => s.toLowerCase())
      let matches = 0
      fc.assert(
        fc.property(ascii, fc.stringMatching(relaxed), ascii, (pre, core, post) => {
          for (const s of [core, core.toLowerCase(), pre + core + post, (pre + core + post).toLowerCase()]) {
            if (rule.pattern.test(s)) matches++
            expect(holds(rule, s), `${rule.id} on ${JSON.stringify(s)}`).toBe(true)
          }
        }),
        { numRuns: 400, seed: 20240611 },
      )
      // The generator must actually produce matches, or the property above says nothing.
      expect(matches).toBeGreaterThan(0)
    })

    it('holds on mixes of required literals, pattern fragments, separators and random ASCII', () => {
      const pieces = [...(RULE_LITERALS[rule.id] ?? []).flat(), ...fragments(rule)]
      const token = fc.oneof(
        fc.constantFrom(...pieces),
        fc.constantFrom(...SEPARATORS),
        fc.string({ unit: 'binary-ascii', maxLength: 4 }).map((s) => s.toLowerCase()),
        fc.integer({ min: 0, max: 9999 }).map(String),
      )
      fc.assert(
        fc.property(fc.array(token, { maxLength: 14 }), (parts) => {
          const s = parts.join('')
          expect(holds(rule, s), `${rule.id} on ${JSON.stringify(s)}`).toBe(true)
          expect(holds(rule, viewOf(rule, s)), `${rule.id} on view of ${JSON.stringify(s)}`).toBe(true)
        }),
        { numRuns: 1000, seed: 7 },
      )
    })
  })
})
