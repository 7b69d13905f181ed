/** @module Helpers for risk scenarios in workerd: data points by request id, alerts received, a fake clock. */
import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest'
import { send, type Sent } from '../../support/http'

export type Point = {
  readonly agent: string
  readonly outcome: string
  readonly code: string
  readonly endpoint: string
  readonly tier: string
  readonly rules: string
  readonly action: string
  readonly requestId: string
  readonly risk: number
  readonly cost: number
  readonly bodyBytes: number
  readonly latencyMs: number
  readonly status: number
}

/** Spies on the Analytics Engine binding (a no-op in miniflare) and reads points back by request id. */
export function recordPoints() {
  const spy: MockInstance<(p?: AnalyticsEngineDataPoint) => void> = vi.spyOn(env.SECURITY_EVENTS, 'writeDataPoint')
  const all = (): Point[] => spy.mock.calls.map(([p]) => toPoint(p))
  return {
    spy,
    all,
    /** The data point of one request; it is written in waitUntil, so wait for it. */
    async of(requestId: string): Promise<Point> {
      await vi.waitFor(() => expect(all().some((p) => p.requestId === requestId)).toBe(true), { timeout: 5_000, interval: 5 })
      return all().find((p) => p.requestId === requestId)!
    },
  }
}

function toPoint(p: AnalyticsEngineDataPoint | undefined): Point {
  const b = (p?.blobs ?? []) as string[]
  const d = p?.doubles ?? []
  return {
    agent: String(p?.indexes?.[0] ?? ''),
    outcome: b[0] ?? '',
    code: b[1] ?? '',
    endpoint: b[2] ?? '',
    tier: b[3] ?? '',
    rules: b[4] ?? '',
    action: b[5] ?? '',
    requestId: b[6] ?? '',
    risk: d[0] ?? NaN,
    cost: d[1] ?? NaN,
    bodyBytes: d[2] ?? NaN,
    latencyMs: d[3] ?? NaN,
    status: d[4] ?? NaN,
  }
}

export type ReceivedAlert = {
  readonly path: string
  readonly contentType: string
  readonly body: { text: string; tollgate: { agentId: string; severity: string; risk: number; anomalies: string[]; action: string; endpoint: string; requestId: string } }
}

/** Alerts the local webhook receiver got for this agent, waiting until at least `atLeast` arrived. */
export async function alertsFor(agentId: string, atLeast = 1): Promise<ReceivedAlert[]> {
  const url = `${String(env['WEBHOOK_RECEIVER_URL'])}/received?agent=${encodeURIComponent(agentId)}`
  let got: ReceivedAlert[] = []
  await vi.waitFor(
    async () => {
      got = (await (await fetch(url)).json()) as ReceivedAlert[]
      expect(got.length).toBeGreaterThanOrEqual(atLeast)
    },
    { timeout: 8_000, interval: 50 },
  )
  return got
}

/** Alerts received right now, without waiting (to assert that none was sent). */
export async function alertsNow(agentId: string): Promise<ReceivedAlert[]> {
  const url = `${String(env['WEBHOOK_RECEIVER_URL'])}/received?agent=${encodeURIComponent(agentId)}`
  return (await (await fetch(url)).json()) as ReceivedAlert[]
}

/** One request and its data point. */
export async function call(points: ReturnType<typeof recordPoints>, path: string, init: Parameters<typeof send>[1]): Promise<Sent & { point: Point; status: number; body: { code?: string; type?: string } }> {
  const sent = await send(path, init)
  const text = await sent.response.text()
  const point = await points.of(sent.requestId)
  return { ...sent, point, status: sent.response.status, body: text.startsWith('{') ? (JSON.parse(text) as { code?: string }) : {} }
}

export const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })

/** A round instant: tests move Date only (the DO shares the isolate), timers stay real. */
export const T0 = 1_900_000_000_000

/**
 * Registers the fake clock for every test of the file (and restores timers and mocks after each):
 * the setup every risk scenario file shares.
 */
export function clockPerTest(): Pick<ReturnType<typeof useClock>, 'now' | 'advance'> {
  let clock: ReturnType<typeof useClock> | undefined
  beforeEach(() => {
    clock = useClock()
  })
  afterEach(() => {
    clock?.restore()
    vi.restoreAllMocks()
  })
  return { now: () => Date.now(), advance: (ms: number) => vi.setSystemTime(Date.now() + ms) }
}

export function useClock() {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T0)
  return {
    now: () => Date.now(),
    advance: (ms: number) => vi.setSystemTime(Date.now() + ms),
    restore: () => vi.useRealTimers(),
  }
}
