/** @module The distinct-id sketch and the chain matcher: accuracy, windows, ordering, bounds. */
import { describe, expect, it } from 'vitest'
import { stepChain, type ChainProgress } from '../../../src/guard/chains'
import { keyOf } from '../../../src/guard/hash'
import { addBit, bitOf, estimate, roll, type RouteSketch } from '../../../src/guard/sketch'

const empty = (ep = 0): RouteSketch => ({ k: 'r', ep, cur: '', prev: '' })
const fill = (s: RouteSketch, ids: readonly string[]) => ids.reduce((acc, id) => addBit(acc, bitOf('GET /p/:id', id)), s)
const seq = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i))

describe('linear-counting sketch', () => {
  it.each([10, 40, 100, 200, 300])('estimates %i sequential ids within 15 %', (n) => {
    expect(Math.abs(estimate(fill(empty(), seq(1, n))) - n) / n).toBeLessThan(0.15)
  })

  it('repeats do not count: one id a thousand times is one', () => {
    expect(estimate(fill(empty(), Array(1000).fill('42')))).toBeCloseTo(1, 0)
  })

  it('only grows with more ids, and saturates instead of overflowing', () => {
    let s = empty()
    let last = 0
    for (const id of seq(1, 3000)) {
      s = addBit(s, bitOf('GET /p/:id', id))
      const e = estimate(s)
      expect(e).toBeGreaterThanOrEqual(last)
      last = e
    }
    expect(Number.isFinite(last)).toBe(true)
    expect(s.cur.length).toBeLessThanOrEqual(44) // 32 bytes in base64: no id is stored
  })

  it('covers the current and the previous epoch, then forgets', () => {
    const s = fill(empty(5), seq(1, 50))
    expect(estimate(roll(s, 6))).toBeGreaterThan(40) // previous epoch still counts
    expect(estimate(roll(roll(s, 6), 7))).toBe(0) // two epochs later: gone
    expect(estimate(roll(s, 9))).toBe(0)
    expect(roll(s, 4)).toBe(s) // never backwards
  })
})

describe('sensitive chain matcher', () => {
  const chain = { name: 'agg', steps: ['A', 'B', 'C'], windowMs: 60_000 }
  const run = (events: readonly (readonly [string, number])[]) => {
    let p: ChainProgress | undefined
    const fired: number[] = []
    for (const [e, t] of events) {
      const r = stepChain(chain, p, e, t)
      p = r.progress
      if (r.completed) fired.push(t)
    }
    return { fired, progress: p }
  }
  it.each([
    ['in order, contiguous', [['A', 0], ['B', 1_000], ['C', 2_000]], [2_000]],
    ['in order, with other calls between', [['A', 0], ['X', 500], ['B', 1_000], ['Y', 1_500], ['C', 2_000]], [2_000]],
    ['out of order', [['B', 0], ['A', 1_000], ['C', 2_000]], []],
    ['too slow (61 s)', [['A', 0], ['B', 30_000], ['C', 61_000]], []],
    ['a late restart still fits', [['A', 0], ['A', 50_000], ['B', 60_000], ['C', 100_000]], [100_000]],
    ['fires once per walk', [['A', 0], ['B', 1_000], ['C', 2_000], ['C', 3_000]], [2_000]],
  ] as const)('%s', (_name, events, fired) => {
    expect(run(events).fired).toEqual(fired)
  })

  it('keeps no state when nothing is in progress', () => {
    expect(run([['X', 0], ['Y', 1]]).progress).toBeUndefined()
  })

  it('one request never advances two steps of a chain that repeats an endpoint', () => {
    const aa = { name: 'aa', steps: ['A', 'A'], windowMs: 60_000 }
    const first = stepChain(aa, undefined, 'A', 0)
    expect(first.completed).toBe(false)
    expect(stepChain(aa, first.progress, 'A', 1).completed).toBe(true)
  })
})

describe('keys', () => {
  it('are short and stable whatever the input length', () => {
    expect(keyOf('GET /api/products/:id')).toBe(keyOf('GET /api/products/:id'))
    expect(keyOf('x'.repeat(10_000)).length).toBeLessThanOrEqual(7)
  })
})
