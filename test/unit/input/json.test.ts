/**
 * @module Strict JSON: the one-pass scan (depth bomb, key bomb, long string, duplicate names) and
 * scan-then-parse. The pass must refuse exactly what the former two passes (shape, then duplicate
 * names) refused, with the same precedence: a property checks that against a reference built from
 * JSON.parse.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_JSON_LIMITS, parseJson, scanJson, UNLIMITED_JSON } from '../../../src/input/json'

const limits = { maxDepth: 8, maxKeys: 100, maxStringLength: 50 }
const hasDuplicateKeys = (json: string, topLevelOnly = false) => {
  const r = scanJson(json, UNLIMITED_JSON, topLevelOnly ? 'top-level' : 'all')
  return !r.ok && r.reason === 'duplicate_keys'
}

describe('scanJson: shape', () => {
  it('accepts an ordinary document', () => {
    expect(scanJson('{"a":[1,2,{"b":"c"}],"d":"e"}', limits)).toEqual({ ok: true })
  })
  it('rejects a depth bomb before it reaches JSON.parse', () => {
    const bomb = '['.repeat(200_000) + ']'.repeat(200_000)
    expect(scanJson(bomb, DEFAULT_JSON_LIMITS)).toEqual({ ok: false, reason: 'depth' })
  })
  it('does not count brackets inside strings (including escaped quotes)', () => {
    expect(scanJson(`{"a":"${'['.repeat(20)}\\"${'{'.repeat(20)}"}`, { ...limits, maxStringLength: 100 })).toEqual({ ok: true })
  })
  it('rejects a key bomb', () => {
    const members = Array.from({ length: 500 }, (_, i) => `"k${i}":0`).join(',')
    expect(scanJson(`{${members}}`, limits)).toEqual({ ok: false, reason: 'keys' })
  })
  it('rejects a long string, also when unterminated', () => {
    expect(scanJson(`{"a":"${'x'.repeat(51)}"}`, limits)).toEqual({ ok: false, reason: 'string' })
    expect(scanJson(`{"a":"${'x'.repeat(51)}`, limits)).toEqual({ ok: false, reason: 'string' })
  })
  it('counts a string of exactly the limit as fine', () => {
    expect(scanJson(`"${'x'.repeat(50)}"`, limits)).toEqual({ ok: true })
  })
  it('a limit outranks a duplicate name wherever each occurs (the former two passes ran shape first)', () => {
    expect(scanJson(`{"a":1,"a":2,"b":${'['.repeat(20)}${']'.repeat(20)}}`, limits)).toEqual({ ok: false, reason: 'depth' })
    expect(scanJson(`{"b":"${'x'.repeat(60)}","a":1,"a":2}`, limits)).toEqual({ ok: false, reason: 'string' })
  })
})

describe('scanJson: duplicate names', () => {
  it.each([
    ['{"a":1,"a":2}', true],
    ['{"a":1,"b":{"a":2}}', false],
    ['{"a":{"b":1,"b":2}}', true],
    ['[{"a":1},{"a":2}]', false],
    ['{"a":1,"\\u0061":2}', true],
    ['{"a":"a","b":"a:"}', false],
    ['{"x":["a","a"]}', false],
    ['{"a" : 1, "a"\n:2}', true],
    ['{"a\\"b":1,"a\\u0022b":2}', true],
    ['{"a":[{"b":1}],"b":{"c":{"a":1,"a":1}}}', true],
  ])('%s → %s', (json, dup) => expect(hasDuplicateKeys(json)).toBe(dup))
  it('top-level only mode ignores nested duplicates', () => expect(hasDuplicateKeys('{"a":{"b":1,"b":2}}', true)).toBe(false))
  it('top-level only mode still finds top-level ones', () => expect(hasDuplicateKeys('{"role":"user","x":{},"role":"admin"}', true)).toBe(true))
})

describe('parseJson', () => {
  it.each([
    ['{"q":', 'syntax'],
    ['{"q":1,"q":2}', 'duplicate_keys'],
    ['[[[[[[[[[[1]]]]]]]]]]', 'depth'],
    [JSON.stringify({ s: 'x'.repeat(200) }), 'string'],
    ['{"a":1} trailing', 'syntax'],
  ])('%s → %s', (text, reason) => expect(parseJson(text, limits)).toEqual({ ok: false, reason }))
  it('returns the parsed value', () => expect(parseJson('{"a":[1,"b"]}', limits)).toEqual({ ok: true, value: { a: [1, 'b'] } }))
})

/**
 * The former two passes, verbatim from before the merge (src/screening/extract.ts checkJsonShape and
 * src/policy/duplicate-keys.ts hasDuplicateKeys at b71c47c): the oracle the one pass must match.
 */
function formerShape(text: string, l: typeof limits): { ok: true } | { ok: false; reason: 'depth' | 'keys' | 'string' } {
  let depth = 0
  let members = 0
  let inString = false
  let stringStart = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) {
        inString = false
        if (i - stringStart - 1 > l.maxStringLength) return { ok: false, reason: 'string' }
      }
      continue
    }
    if (c === 0x22) {
      inString = true
      stringStart = i
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > l.maxDepth) return { ok: false, reason: 'depth' }
      members++
      if (members > l.maxKeys) return { ok: false, reason: 'keys' }
    } else if (c === 0x7d || c === 0x5d) {
      depth--
    } else if (c === 0x2c) {
      if (++members > l.maxKeys) return { ok: false, reason: 'keys' }
    }
  }
  if (inString && text.length - stringStart - 1 > l.maxStringLength) return { ok: false, reason: 'string' }
  return { ok: true }
}

function formerDuplicates(json: string): boolean {
  const stack: Array<Set<string> | null> = []
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c === 0x22) {
      let j = i + 1
      let escaped = false
      while (j < json.length && json.charCodeAt(j) !== 0x22) {
        if (json.charCodeAt(j) === 0x5c) {
          escaped = true
          j++
        }
        j++
      }
      const keys = stack[stack.length - 1]
      if (keys) {
        let k = j + 1
        while (k < json.length && (json[k] === ' ' || json[k] === '\n' || json[k] === '\r' || json[k] === '\t')) k++
        if (json[k] === ':') {
          let name = json.slice(i + 1, j)
          if (escaped) {
            try {
              name = JSON.parse(json.slice(i, j + 1)) as string
            } catch {
              return false
            }
          }
          if (keys.has(name)) return true
          keys.add(name)
        }
      }
      i = j
    } else if (c === 0x7b) stack.push(new Set())
    else if (c === 0x5b) stack.push(null)
    else if (c === 0x7d || c === 0x5d) stack.pop()
  }
  return false
}

function reference(text: string, l: typeof limits): { ok: true } | { ok: false; reason: string } {
  const shape = formerShape(text, l)
  if (!shape.ok) return shape
  return formerDuplicates(text) ? { ok: false, reason: 'duplicate_keys' } : { ok: true }
}

describe('scanJson against a reference', () => {
  it('agrees on generated documents (shape limits, then duplicate names)', () => {
    const small = { maxDepth: 4, maxKeys: 12, maxStringLength: 8 }
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.integer({ min: 0, max: 9 }), fc.string({ maxLength: 10, unit: fc.constantFrom('a', 'b', 'é', '"', '\\', '[', '{') }), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3 }),
    })).value
    fc.assert(
      fc.property(json, fc.boolean(), (v, withDup) => {
        let text = JSON.stringify(v)
        if (withDup && text.startsWith('{') && text !== '{}') text = `{"z":1,"z":2,${text.slice(1)}`
        if (withDup && text.startsWith('[') && text !== '[]') text = `[{"a\\u0022":1,"a\\"":2},${text.slice(1)}`
        const got = scanJson(text, small)
        const want = reference(text, small)
        expect(got.ok ? { ok: true } : got).toEqual(want)
      }),
      { numRuns: 400 },
    )
  })
})
