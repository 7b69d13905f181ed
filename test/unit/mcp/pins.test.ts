/** @module Rug-pull pinning rules and the worker-side cache that keeps the Durable Object off the hot path. */
import { describe, expect, it } from 'vitest'
import { isToolQuarantined, reviewPins, type PinsStore } from '../../../src/mcp/pins-cache'
import { approve, isQuarantined, observe, type Observation, type PinRow } from '../../../src/mcp/pins-core'
import { canonicalJson, toolHash } from '../../../src/mcp/tool-hash'

const A = 'a'.repeat(64)
const B = 'b'.repeat(64)
const C = 'c'.repeat(64)
const obs = (hash: string, o: Partial<Observation> = {}): Observation => ({ name: 't', hash, poisoned: false, ruleIds: [], ...o })

/** Applies sightings in order; returns each status and the final row. */
function run(steps: readonly Observation[], start?: PinRow) {
  let row = start
  const statuses = steps.map((o, i) => {
    const r = observe(row, o, 1_000 + i)
    row = r.row
    return r.status
  })
  return { statuses, row: row! }
}

describe('observe', () => {
  it.each([
    { name: 'first sight pins', steps: [obs(A)], want: ['pinned'], pending: null },
    { name: 'same definition stays ok', steps: [obs(A), obs(A)], want: ['pinned', 'ok'], pending: null },
    { name: 'a change quarantines', steps: [obs(A), obs(B)], want: ['pinned', 'quarantined'], pending: B },
    { name: 'quarantine is sticky when the old one returns', steps: [obs(A), obs(B), obs(A)], want: ['pinned', 'quarantined', 'quarantined'], pending: B },
    { name: 'a config pin overrides first sight', steps: [obs(B, { configPin: A })], want: ['quarantined'], pending: B },
    { name: 'a matching config pin is ok', steps: [obs(A, { configPin: A })], want: ['ok'], pending: null },
    { name: 'poisoned on first sight is never pinned', steps: [obs(A, { poisoned: true, ruleIds: ['PI-001'] })], want: ['poisoned'], pending: null },
    { name: 'a poisoned change quarantines the pinned tool', steps: [obs(A), obs(B, { poisoned: true })], want: ['pinned', 'poisoned'], pending: B },
  ])('$name', ({ steps, want, pending }) => {
    const { statuses, row } = run(steps)
    expect(statuses).toEqual(want)
    expect(row.pending).toBe(pending)
  })

  it('returns the same row object when nothing changed (no write needed)', () => {
    const first = observe(undefined, obs(A), 1).row
    expect(observe(first, obs(A), 2).row).toBe(first)
    const q = observe(first, obs(B), 3).row
    expect(observe(q, obs(B), 4).row).toBe(q)
  })
})

describe('approve', () => {
  const quarantined = run([obs(A), obs(B)]).row
  it.each([
    { name: 'the pending hash accepts the change', row: quarantined, hash: B, ok: true, pinned: B },
    { name: 'the pinned hash rejects the change', row: quarantined, hash: A, ok: true, pinned: A },
    { name: 'another hash is refused', row: quarantined, hash: C, ok: false, pinned: A },
    { name: 'nothing pending', row: run([obs(A)]).row, hash: A, ok: false, pinned: A },
    { name: 'unknown tool', row: undefined, hash: A, ok: false, pinned: null },
  ])('$name', ({ row, hash, ok, pinned }) => {
    const r = approve(row, hash)
    expect(r.ok).toBe(ok)
    if (r.ok) {
      expect(r.row.pinned).toBe(pinned)
      expect(isQuarantined(r.row)).toBe(false)
    }
  })
})

describe('tool hash', () => {
  it('is independent of key order and changes with the description', async () => {
    const a = await toolHash({ name: 't', description: 'd', inputSchema: { type: 'object', properties: { x: { type: 'string' } } } })
    const b = await toolHash({ inputSchema: { properties: { x: { type: 'string' } }, type: 'object' }, description: 'd', name: 't' })
    const c = await toolHash({ name: 't', description: 'd2', inputSchema: { type: 'object', properties: { x: { type: 'string' } } } })
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(a).toBe(b)
    expect(a).not.toBe(c)
  })
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null, u: undefined })).toBe('{"a":null,"b":[{"c":2,"d":1}]}')
  })
})

/** A fake ToolPins store that counts round trips. */
function fakeStore() {
  let rows = new Map<string, PinRow>()
  const calls = { rows: 0, observe: 0 }
  const store: PinsStore = {
    async rows() {
      calls.rows++
      return [...rows.values()]
    },
    async observe(list) {
      calls.observe++
      const statuses: Record<string, 'pinned' | 'ok' | 'quarantined' | 'poisoned'> = {}
      for (const o of list) {
        const r = observe(rows.get(o.name), o, 1)
        rows.set(o.name, r.row)
        statuses[o.name] = r.status
      }
      return { statuses, rows: [...rows.values()] }
    },
    async approve(name, hash) {
      const r = approve(rows.get(name), hash)
      if (r.ok) rows = new Map(rows).set(name, r.row)
      return r
    },
  }
  return { store, calls }
}

describe('pins cache', () => {
  it('asks the object only when a row would change, and serves quarantine checks from the copy', async () => {
    const { store, calls } = fakeStore()
    const key = `k-${Math.random()}`
    expect(await reviewPins(store, key, [obs(A)], 5_000, 0)).toEqual({ t: 'pinned' })
    expect(calls).toEqual({ rows: 1, observe: 1 })
    expect(await reviewPins(store, key, [obs(A)], 5_000, 10)).toEqual({ t: 'ok' })
    expect(await isToolQuarantined(store, key, 't', 5_000, 20)).toBe(false)
    expect(calls).toEqual({ rows: 1, observe: 1 })
    expect(await reviewPins(store, key, [obs(B)], 5_000, 30)).toEqual({ t: 'quarantined' })
    expect(await isToolQuarantined(store, key, 't', 5_000, 40)).toBe(true)
    expect(calls).toEqual({ rows: 1, observe: 2 })
  })

  it('reloads after the cache lifetime, and every time with a lifetime of 0', async () => {
    const { store, calls } = fakeStore()
    const key = `k-${Math.random()}`
    await isToolQuarantined(store, key, 't', 1_000, 0)
    await isToolQuarantined(store, key, 't', 1_000, 999)
    expect(calls.rows).toBe(1)
    await isToolQuarantined(store, key, 't', 1_000, 1_000)
    expect(calls.rows).toBe(2)
    const zero = `z-${Math.random()}`
    await isToolQuarantined(store, zero, 't', 0, 5)
    await isToolQuarantined(store, zero, 't', 0, 5)
    expect(calls.rows).toBe(4)
  })
})
