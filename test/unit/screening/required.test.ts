/** @module Required-literal analysis (required.ts): exact results on small patterns, and soundness on random regular expressions. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { requiredLiterals } from '../../../src/screening/required'

/** Sound: every string the pattern matches contains a literal of every disjunction. */
const sound = (re: RegExp, s: string): boolean => !re.test(s) || requiredLiterals(re).every((d) => d.some((lit) => s.includes(lit)))

describe('requiredLiterals', () => {
  it.each([
    [/ignore (?:all )?previous/, [['ignore all previous', 'ignore previous']]],
    [/\b(?:ab|cd)\s+ef/, [['ab', 'cd'], ['ef']]],
    [/x[yz]{2}/, [['xyy', 'xyz', 'xzy', 'xzz']]],
    [/a.b/, [['a'], ['b']]],
    [/(?:foo)?bar/, [['bar', 'foobar']]],
    [/a*b+/, [['b']]],
    [/(?=evil)x/, [['x']]],
    [/(?<!\p{L})ignora/u, [['ignora']]],
    [/\x41\u0042\n/, [['AB\n']]],
    [/[^a]b/, [['b']]],
    [/\bselect\b(?:[\s+]|\/\*[^*]{0,4}\*\/){1,3}from/, [['select'], ['from']]],
  ] as const)('%s → %j', (re, want) => {
    expect(requiredLiterals(re)).toEqual(want)
  })

  it('has no requirement for patterns that can match anything', () => {
    expect(requiredLiterals(/a|.*/)).toEqual([])
    expect(requiredLiterals(/(?:x)?/)).toEqual([])
    expect(requiredLiterals(/\d+/)).toEqual([])
  })

  it('cuts literals to a prefix when asked', () => {
    expect(requiredLiterals(/disregarding|ignore everything/, 6)).toEqual([['disreg', 'ignore']])
  })

  it('refuses what it does not analyse', () => {
    expect(() => requiredLiterals(/(a)\1/)).toThrow(/backreference/)
    expect(() => requiredLiterals(/abc/i)).toThrow(/case-insensitive/)
    expect(() => requiredLiterals(/(?<n>a)\k<n>/)).toThrow()
  })

  /** Random patterns over a tiny alphabet, so random strings match them often. */
  const atom: fc.Arbitrary<string> = fc.constantFrom('a', 'b', 'c', ' ', '.', '[ab]', '[^a]', '\\s', '\\b', '\\d', '\\.', '[a-c]')
  const pattern: fc.Arbitrary<string> = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.tuple(tie('node'), tie('node')).map(([x, y]) => `${x}${y}`),
      fc.tuple(tie('node'), tie('node')).map(([x, y]) => `(?:${x}|${y})`),
      fc.tuple(tie('node'), fc.constantFrom('?', '*', '+', '{2}', '{0,2}', '{1,3}', '+?')).map(([x, q]) => `(?:${x})${q}`),
      tie('node').map((x) => `(?=${x})`),
      tie('node').map((x) => `(?<!${x})`),
    ),
  })).node as fc.Arbitrary<string>

  it('is sound on random patterns and strings', () => {
    fc.assert(
      fc.property(pattern, fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', '.', '1'), maxLength: 12 }), { minLength: 1, maxLength: 20 }), (src, strings) => {
        const re = new RegExp(src)
        for (const s of strings) expect(sound(re, s), `${src} on ${JSON.stringify(s)}`).toBe(true)
        // And every prefix cut is sound too.
        for (const s of strings) expect(!re.test(s) || requiredLiterals(re, 2).every((d) => d.some((lit) => s.includes(lit))), `${src} cut on ${JSON.stringify(s)}`).toBe(true)
      }),
      { numRuns: 3000, seed: 1602 },
    )
  })
})
