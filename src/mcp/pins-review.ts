/**
 * @module Which tools of one tools/list answer an agent sees, under the pins' trust model (docs/mcp.md).
 *
 * - A trusted observation (an agent holding MCP_PIN_SCOPE) is recorded: first sight pins, a change
 *   quarantines (pins-core.ts `observe`, written by the ToolPins object).
 * - Any other agent's answer is only judged against the pins: a tool whose definition differs from
 *   its pin is hidden from that agent alone, and the gateway then looks at the origin itself
 *   (probe.ts, in the background, at most once per pin-cache lifetime per isolate) to learn whether
 *   the tool really changed. A declared tool with no pin yet is probed before the answer goes out,
 *   so the first contact pins from the gateway's own view; without a probe it stays hidden.
 * Only the probe and trusted agents write; one agent's variant answer never quarantines for others.
 */
import type { McpTool } from '../config/mcp'
import type { ScreenOptions } from '../screening/types'
import type { ListDecision } from './answer'
import type { Json } from './envelope'
import { loadPins, reviewPins, type PinsStore } from './pins-cache'
import { judge, type Judgement, type PinStatus } from './pins-core'
import { ruleIds } from './policy'
import { observations, reviewTools, type ReviewedTool } from './tools-list'

export type PinsAccess = {
  readonly store: PinsStore
  readonly key: string
  /** The isolate copy's lifetime (MCP_PIN_CACHE_SECONDS); also the least time between two probes. */
  readonly ttlMs: number
  /** The gateway's own listing of the origin's tools (undefined: no probe configured or it failed). */
  readonly probe: (() => Promise<Json[] | undefined>) | undefined
  /** Runs work after the answer (waitUntil). */
  readonly defer: (work: Promise<unknown>) => void
  readonly log: (event: string, fields: Record<string, unknown>) => void
}

export type ListRequest = {
  readonly declared: ReadonlyMap<string, McpTool>
  readonly scopes: readonly string[]
  readonly trusted: boolean
  readonly screen: Partial<ScreenOptions>
}

/** Probes per pins key in this isolate: the one in flight, and when the last one started. */
const probes = new Map<string, { running: Promise<void> | undefined; at: number }>()

/** Runs the gateway's probe and records it as a trusted observation; coalesced and rate-limited. */
export function probeAndObserve(pins: PinsAccess, declared: ReadonlyMap<string, McpTool>, screen: Partial<ScreenOptions>, now = Date.now()): Promise<void> {
  const probe = pins.probe
  const last = probes.get(pins.key)
  if (!probe) return Promise.resolve()
  if (last?.running) return last.running
  // An agent can make the gateway probe by listing variants: at most one probe per cache lifetime.
  if (last && now - last.at < pins.ttlMs) return Promise.resolve()
  const running = (async () => {
    const tools = await probe().catch(() => undefined)
    if (!tools) return pins.log('mcp_pin_probe_failed', { key: pins.key })
    const review = await reviewTools({ tools }, declared, [], screen)
    if (!review.ok) return pins.log('mcp_pin_probe_refused', { key: pins.key, reason: review.reason })
    const seen = observations(review.tools, declared)
    if (seen.length > 0) await reviewPins(pins.store, pins.key, seen, pins.ttlMs)
  })().finally(() => probes.set(pins.key, { running: undefined, at: now }))
  probes.set(pins.key, { running, at: now })
  return running
}

async function statuses(tools: readonly ReviewedTool[], req: ListRequest, pins: PinsAccess): Promise<Record<string, PinStatus | Judgement>> {
  const seen = observations(tools, req.declared)
  if (seen.length === 0) return {}
  if (req.trusted) return reviewPins(pins.store, pins.key, seen, pins.ttlMs)
  const judgeAll = async () => {
    const rows = await loadPins(pins.store, pins.key, pins.ttlMs)
    return Object.fromEntries(seen.map((o) => [o.name, judge(rows.get(o.name), o)])) as Record<string, Judgement>
  }
  let judged = await judgeAll()
  const verdicts = Object.values(judged)
  if (verdicts.includes('unpinned')) {
    await probeAndObserve(pins, req.declared, req.screen)
    judged = await judgeAll()
  } else if (verdicts.includes('variant') || verdicts.includes('poisoned')) {
    pins.defer(probeAndObserve(pins, req.declared, req.screen))
  }
  return judged
}

/** The decision for one tools/list result: the tool names this agent may see, or a refusal. */
export async function decideList(result: Json, req: ListRequest, pins: PinsAccess): Promise<ListDecision> {
  const review = await reviewTools(result, req.declared, req.scopes, req.screen)
  if (!review.ok) return { ok: false, reason: review.reason }
  const status = await statuses(review.tools, req, pins)
  const keep = new Set<string>()
  for (const t of review.tools) {
    const s = status[t.name]
    if (t.poisoned) pins.log('mcp_tool_poisoned', { tool: t.name, hash: t.hash, rules: ruleIds(t.screening), trusted: req.trusted })
    else if (s === 'quarantined' || s === 'variant') pins.log(`mcp_tool_${s}`, { tool: t.name, hash: t.hash })
    if (t.permitted && !t.poisoned && (s === 'ok' || s === 'pinned')) keep.add(t.name)
  }
  return { ok: true, keep }
}
