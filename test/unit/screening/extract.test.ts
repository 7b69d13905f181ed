/** @module String collection by JSON pointer (the shape scan is tested in test/unit/input/json.test.ts). */
import { describe, expect, it } from 'vitest'
import { collectJsonStrings } from '../../../src/screening/extract'

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
