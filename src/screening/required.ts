/** @module Required literals of a regular expression: a conjunction of disjunctions of strings that every match must contain (the prefilter's input). */

/**
 * Every string the pattern matches contains, for each disjunction in the list, at least one of its
 * strings. An empty list means "no requirement known" (the rule must always run). The analysis is
 * the prefilter idea of RE2 and of code search engines (a regex implies literal "factors"), kept
 * to the regex subset the rule table uses; anything outside it (backreferences, unknown syntax)
 * throws, and the caller runs that rule unfiltered.
 */
export type Required = readonly (readonly string[])[]

/** Largest exact language tracked before it is turned into a requirement and forgotten. */
const EXACT_MAX = 64
/** Largest character class kept as an exact set of one-character strings. */
const CLASS_MAX = 12

type Info = { exact: string[] | null; req: string[][] }

const EMPTY: Info = { exact: [''], req: [] }
const ANY: Info = { exact: null, req: [] }

const uniq = (xs: readonly string[]): string[] => [...new Set(xs)]

/** Selectivity of a disjunction (higher is rarer in ordinary text): its weakest literal counts; punctuation is rarer than letters. */
function strength(d: readonly string[]): number {
  let min = Infinity
  for (const s of d) {
    let w = 0
    for (const ch of s) w += /[a-z0-9 ]/.test(ch) ? 1 : 3
    if (w < min) min = w
  }
  return min - Math.log2(d.length) / 4
}

/** The one disjunction that best stands for a branch: its exact language, or its strongest requirement. */
function representative(x: Info): string[] | undefined {
  if (x.exact && !x.exact.includes('')) return x.exact
  let best: string[] | undefined
  for (const d of x.req) if (!best || strength(d) > strength(best)) best = d
  return best
}

class Parser {
  private i = 0
  constructor(private readonly src: string, private readonly unicode: boolean, private readonly cut: number) {}

  parse(): Info {
    const r = this.disjunction()
    if (this.i !== this.src.length) throw new Error(`unexpected ${this.src[this.i]} at ${this.i}`)
    return r
  }

  private peek(): string | undefined {
    return this.src[this.i]
  }

  private disjunction(): Info {
    const alts = [this.alternative()]
    while (this.peek() === '|') {
      this.i++
      alts.push(this.alternative())
    }
    if (alts.length === 1) return alts[0] as Info
    if (alts.every((a) => a.exact)) {
      const u = uniq(alts.flatMap((a) => a.exact as string[]))
      if (u.length <= EXACT_MAX) return { exact: u, req: [] }
    }
    const reps: string[] = []
    for (const a of alts) {
      const r = representative(a)
      if (!r) return ANY
      reps.push(...r)
    }
    return { exact: null, req: [uniq(reps)] }
  }

  private alternative(): Info {
    let exact: string[] | null = ['']
    const req: string[][] = []
    let known = true
    const flush = (): void => {
      if (exact && !exact.includes('')) req.push(exact)
    }
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const t = this.quantified()
      req.push(...t.req)
      if (!t.exact) {
        flush()
        exact = ['']
        known = false
        continue
      }
      const next: string[] = []
      // Strings are kept to their first `cut` characters: a prefix of a required string is required too.
      for (const a of exact as string[]) {
        if (a.length >= this.cut) next.push(a)
        else for (const b of t.exact) next.push((a + b).slice(0, this.cut))
      }
      const product = uniq(next)
      if (product.length > EXACT_MAX) {
        flush()
        exact = t.exact
        known = false
      } else exact = product
    }
    if (known) return { exact, req }
    flush()
    return { exact: null, req }
  }

  private quantified(): Info {
    const atom = this.atom()
    const q = this.quantifier()
    if (!q) return atom
    const [min, max] = q
    if (min === 0) return max === 1 && atom.exact ? { exact: uniq([...atom.exact, '']), req: [] } : ANY
    const req = [...atom.req]
    if (!atom.exact) return { exact: null, req }
    // The first `min` repetitions are a required string (x{2} → xx), exact when min = max.
    let rep: string[] = ['']
    for (let k = 0; k < min && rep.length <= EXACT_MAX; k++) rep = uniq(rep.flatMap((a) => (a.length >= this.cut ? [a] : atom.exact!.map((b) => (a + b).slice(0, this.cut)))))
    if (rep.length > EXACT_MAX) rep = atom.exact
    if (min === max && rep !== atom.exact) return { exact: rep, req }
    if (!rep.includes('')) req.push(rep)
    return { exact: null, req }
  }

  private quantifier(): [number, number] | undefined {
    const c = this.peek()
    let q: [number, number] | undefined
    if (c === '*') q = [0, Infinity]
    else if (c === '+') q = [1, Infinity]
    else if (c === '?') q = [0, 1]
    if (q) this.i++
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i))
      if (!m) return undefined
      this.i += m[0].length
      const min = Number(m[1])
      q = [min, m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3])]
    }
    if (q && this.peek() === '?') this.i++ // lazy: same language
    return q
  }

  private atom(): Info {
    const c = this.src[this.i++] as string
    if (c === '(') return this.group()
    if (c === '[') return this.charClass()
    if (c === '.') return ANY
    if (c === '^' || c === '$') return EMPTY
    if (c === '\\') {
      const e = this.src[this.i++] as string
      if (e === 'b' || e === 'B') return EMPTY
      const ch = this.escape(e)
      return ch === undefined ? ANY : { exact: [ch], req: [] }
    }
    if (c === ')' || c === '*' || c === '+' || c === '?') throw new Error(`unexpected ${c} at ${this.i - 1}`)
    return { exact: [c], req: [] }
  }

  private group(): Info {
    const rest = this.src.slice(this.i, this.i + 3)
    let assertion = false
    if (rest.startsWith('?:')) this.i += 2
    else if (rest.startsWith('?=') || rest.startsWith('?!')) (this.i += 2), (assertion = true)
    else if (rest.startsWith('?<=') || rest.startsWith('?<!')) (this.i += 3), (assertion = true)
    else if (rest.startsWith('?<')) this.i = this.src.indexOf('>', this.i) + 1
    else if (rest.startsWith('?')) throw new Error(`unsupported group at ${this.i}`)
    const inner = this.disjunction()
    if (this.src[this.i++] !== ')') throw new Error('unclosed group')
    return assertion ? EMPTY : inner
  }

  /** One escaped character outside or inside a class; undefined for a class escape (\d, \s, \w, \p{…}). */
  private escape(e: string): string | undefined {
    if ('dDsSwW'.includes(e)) return undefined
    if (e === 'p' || e === 'P') {
      if (this.unicode && this.peek() === '{') this.i = this.src.indexOf('}', this.i) + 1
      return this.unicode ? undefined : e
    }
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' }
    if (simple[e] !== undefined) return simple[e]
    if (/[1-9]/.test(e) || e === 'k') throw new Error('backreference')
    if (e === 'x' || e === 'u') {
      const m = e === 'x' ? /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i)) : /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\})/.exec(this.src.slice(this.i))
      if (!m) return e
      this.i += m[0].length
      return String.fromCodePoint(parseInt(m[0].replace(/[{}]/g, ''), 16))
    }
    if (e === 'c') return String.fromCharCode((this.src.charCodeAt(this.i++) as number) % 32)
    return e
  }

  private charClass(): Info {
    let negated = false
    if (this.peek() === '^') (this.i++), (negated = true)
    const chars = new Set<string>()
    let big = false
    for (;;) {
      if (this.i >= this.src.length) throw new Error('unclosed class')
      let c = this.src[this.i++] as string
      if (c === ']') break
      let lo: string | undefined = c
      if (c === '\\') {
        const e = this.src[this.i++] as string
        lo = e === 'b' ? '\b' : this.escape(e)
      }
      if (lo === undefined) {
        big = true
        continue
      }
      if (this.peek() === '-' && this.src[this.i + 1] !== ']') {
        this.i++
        c = this.src[this.i++] as string
        const hi = c === '\\' ? this.escape(this.src[this.i++] as string) : c
        if (hi === undefined) throw new Error('bad range')
        const a = lo.codePointAt(0) as number
        const b = hi.codePointAt(0) as number
        if (b - a >= CLASS_MAX) big = true
        else for (let k = a; k <= b; k++) chars.add(String.fromCodePoint(k))
        continue
      }
      chars.add(lo)
    }
    if (negated || big || chars.size === 0 || chars.size > CLASS_MAX) return ANY
    return { exact: [...chars], req: [] }
  }
}

/**
 * The literals every match of `pattern` must contain: a conjunction (all entries) of disjunctions
 * (one string of the entry). With `cut`, literals are cut to their first `cut` characters (still
 * required, and the analysis stays small). Throws on syntax outside the analysed subset.
 *
 * @example
 * requiredLiterals(/\bignore (?:all )?previous (?:instructions|rules)\b/)
 * // → [['ignore all previous instructions', 'ignore all previous rules', 'ignore previous instructions', 'ignore previous rules']]
 */
export function requiredLiterals(pattern: RegExp, cut = Infinity): Required {
  if (pattern.flags.includes('i')) throw new Error('case-insensitive patterns are not analysed')
  const info = new Parser(pattern.source, pattern.flags.includes('u') || pattern.flags.includes('v'), cut).parse()
  const req = [...info.req]
  if (info.exact && !info.exact.includes('')) req.push(info.exact)
  const seen = new Set<string>()
  return req.map((d) => uniq(d).sort()).filter((d) => {
    const k = d.join('\u0000')
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
