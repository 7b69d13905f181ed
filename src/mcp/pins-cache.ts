/**
 * @module The worker's short-lived copy of the ToolPins rows (per isolate, `MCP_PIN_CACHE_SECONDS`).
 *
 * Calls check quarantine against the copy; a tools/list sighting that changes nothing is decided
 * locally; anything that would change a row goes to the Durable Object, the single writer, and
 * refreshes the copy. A quarantine therefore applies at once in the isolate that saw the change
 * and within the cache lifetime everywhere else (docs/mcp.md, "Pinning").
 */
import type { Config } from '../config/schema'
import { deny } from '../errors/denial'
import { isQuarantined, observe, type ApproveResult, type Observation, type PinRow, type PinStatus } from './pins-core'

/** What the worker needs from the ToolPins stub (kept structural so tests can fake it). */
export type PinsStore = {
  rows(): Promise<PinRow[]>
  observe(observations: Observation[]): Promise<{ statuses: Record<string, PinStatus>; rows: PinRow[] }>
  approve(name: string, hash: string): Promise<ApproveResult>
}

type Entry = { rows: Map<string, PinRow>; expires: number }
const cache = new Map<string, Entry>()

function put(key: string, rows: readonly PinRow[], ttlMs: number, now: number): Map<string, PinRow> {
  const map = new Map(rows.map((r) => [r.name, r]))
  cache.set(key, { rows: map, expires: now + ttlMs })
  return map
}

/** The rows, from this isolate's copy while it is fresh. */
export async function loadPins(store: PinsStore, key: string, ttlMs: number, now = Date.now()): Promise<ReadonlyMap<string, PinRow>> {
  return load(store, key, ttlMs, now)
}

async function load(store: PinsStore, key: string, ttlMs: number, now: number): Promise<Map<string, PinRow>> {
  const hit = cache.get(key)
  if (hit && hit.expires > now) return hit.rows
  return put(key, await store.rows(), ttlMs, now)
}

export async function isToolQuarantined(store: PinsStore, key: string, name: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  return isQuarantined((await load(store, key, ttlMs, now)).get(name))
}

/** Statuses for one trusted tools/list sighting; the Durable Object is asked only when a row would change. */
export async function reviewPins(store: PinsStore, key: string, observations: readonly Observation[], ttlMs: number, now = Date.now()): Promise<Record<string, PinStatus>> {
  const rows = await load(store, key, ttlMs, now)
  const statuses: Record<string, PinStatus> = {}
  let changes = false
  for (const o of observations) {
    const before = rows.get(o.name)
    const { row, status } = observe(before, o, now)
    statuses[o.name] = status
    if (row !== before) changes = true
  }
  if (!changes) return statuses
  const fresh = await store.observe([...observations])
  put(key, fresh.rows, ttlMs, now)
  return fresh.statuses
}

export async function approvePin(store: PinsStore, key: string, name: string, hash: string, ttlMs: number): Promise<ApproveResult> {
  const result = await store.approve(name, hash)
  put(key, await store.rows(), ttlMs, Date.now())
  return result
}

export async function listPins(store: PinsStore, key: string, ttlMs: number): Promise<PinRow[]> {
  const rows = await store.rows()
  put(key, rows, ttlMs, Date.now())
  return rows
}

/** The ToolPins instance for an origin: one per origin and MCP path. */
export function pinsKey(origin: URL | undefined, mcpPath: string): string {
  return `pins:${origin ? origin.origin : 'service:ORIGIN'}${mcpPath}`
}

/** The origin's ToolPins object (src/clients/tool-pins.ts) and its key; required at load when tools are declared. */
export function pinsStore(config: Config): { store: PinsStore; key: string } {
  if (!config.clients.pins) throw deny('GATEWAY_MISCONFIGURED', 'tool_pins_binding_missing')
  const key = pinsKey(config.origin.url, config.mcp.path)
  return { store: config.clients.pins.at(key), key }
}
