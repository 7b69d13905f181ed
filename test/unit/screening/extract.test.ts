/** @module JSON shape pre-scan (depth bomb, key bomb, long string) and string collection by JSON pointer. */
import { describe, expect, it } from 'vitest'
import { checkJsonShape, collectJsonStrings, DEFAULT_JSON_LIMITS } from '../../../src/screening/extract'

const limits = { maxDepth: 8, maxKeys: 100, maxStringLength: 50 }

describe('checkJsonShape', () => {
  it('accepts an ordinary document', () => {
    expect(checkJsonShape('{"a":[1,2,{"b":"c"}],"d":"e"}', limits)).toEqual({ ok: true })
  })
  it('rejects a depth bomb before it reaches JSON.parse', () => {
    const bomb = '['.repeat(200_000) + ']'.repeat(200_000)
    expect(checkJsonShape(bomb, DEFAULT_JSON_LIMITS)).toEqual({ ok: false, reason: 'depth' })
  })
  it('does not count brackets inside strings (including escaped quotes)', () => {
    expect(checkJsonShape(`{"a":"${'['.repeat(20)}\\"${'{'.repeat(20)}"}`, { ...limits, maxStringLength: 100 })).toEqual({ ok: true })
  })
  it('rejects a key bomb', () => {
    const members = Array.from({ length: 500 }, (_, i) => `"k${i}":0`).join(',')
    expect(checkJsonShape(`{${members}}`, limits)).toEqual({ ok: false, reason: 'keys' })
  })
  it('rejects a long string, also when unterminated', () => {
    expect(checkJsonShape(`{"a":"${'x'.repeat(51)}"}`, limits)).toEqual({ ok: false, reason: 'string' })
    expect(checkJsonShape(`{"a":"${'x'.repeat(51)}`, limits)).toEqual({ ok: false, reason: 'string' })
  })
  it('counts a string of exactly the limit as fine', () => {
    expect(checkJsonShape(`"${'x'.repeat(50)}"`, limits)).toEqual({ ok: true })
  })
})

describe('collectJsonStrings', () => {
  it('returns every string value and key with its RFC 6901 pointer', () => {
    const doc = { query: 'hi', 'a/b': { 'c~d': ['x', 1, null, { e: 'y' }] } }
    expect(collectJsonStrings(doc)).toEqual([
      { location: '/query', text: 'query' },
      { location: '/a~1b', text: 'a/b' },
      { location: '/query', text: 'hi' },
      { location: '/a~1b/c~0d', text: 'c~d' },
      { location: '/a~1b/c~0d/0', text: 'x' },
      { location: '/a~1b/c~0d/3/e', text: 'e' },
      { location: '/a~1b/c~0d/3/e', text: 'y' },
    ])
  })
  it('handles a top-level string and non-string scalars', () => {
    expect(collectJsonStrings('x')).toEqual([{ location: '', text: 'x' }])
    expect(collectJsonStrings(42)).toEqual([])
  })
  it('walks very deep values without recursion', () => {
    let v: unknown = 'deep'
    for (let i = 0; i < 50_000; i++) v = [v]
    expect(collectJsonStrings(v)).toHaveLength(1)
  })
})
