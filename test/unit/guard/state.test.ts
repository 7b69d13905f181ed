/** @module State encoding: round trip, bounded size, and safe decoding of old or corrupt rows. */
import { describe, expect, it } from 'vitest'
import { applyBlock } from '../../../src/guard/admin'
import { decide } from '../../../src/guard/decide'
import { decodeState, emptyState, encodeState, type GuardState } from '../../../src/guard/state'
import { input, T0 } from './fixtures'

/** A state with every ring full of non-zero buckets: the worst case for size. */
function saturated(): GuardState {
  let state = emptyState()
  const limits = { burst: 1e9, rpm: 1e9, daily: 1e9, costPerMinute: 1e9, costPerDay: 1e9 }
  // One request per 599 s touches every 10-minute day bucket; bursts fill the short rings.
  for (let i = 0; i < 150; i++) state = decide(state, input({ limits, cost: 99_999 }), T0 + i * 599_000, false).state
  for (let i = 0; i < 6100; i++) state = decide(state, input({ limits, cost: 99_999 }), T0 + 150 * 599_000 + i * 10, false).state
  return decide(state, input({ limits, rejection: 'SCHEMA_VIOLATION' }), T0 + 150 * 599_000 + 61_000, false).state
}

describe('state encoding', () => {
  it('round-trips', () => {
    const state = applyBlock(saturated(), { until: T0 + 5, reason: 'why' })
    expect(decodeState(encodeState(state))).toEqual(state)
  })

  it('stays a few KB in the worst case', () => {
    const bytes = new TextEncoder().encode(encodeState(saturated())).length
    expect(bytes).toBeLessThan(6 * 1024)
  })

  it('is tiny when idle', () => {
    expect(encodeState(emptyState()).length).toBeLessThan(120)
  })

  it('collapses a ring of another length into its newest bucket (conservative)', () => {
    const row = JSON.parse(encodeState(emptyState()))
    row.w.minute = [1000, 2, 3, 4]
    const ring = decodeState(JSON.stringify(row)).windows.minute!
    expect(ring.counts).toHaveLength(61)
    expect(ring.counts.at(-1)).toBe(9)
    expect(ring.sum).toBe(9)
  })

  it('rejects a corrupt row, naming the field', () => {
    const row = JSON.parse(encodeState(emptyState()))
    row.a = -1
    expect(() => decodeState(JSON.stringify(row))).toThrow(/"a"|\ba\b/)
  })
})
