/**
 * @module Second opinion for the grey zone (the one screening module with I/O: a fetch): when the local screen says `flag` (between the flag and
 * block thresholds), an optional classifier (a service binding or a URL: Workers AI behind an
 * adapter, Lakera, a self-hosted Prompt Guard) is asked, with a deadline and a per-isolate cache.
 *
 * Protocol (docs/screening.md, "Second opinion"), version 1:
 *   POST { "version": 1, "texts": [{ "location": "/notes", "text": "…" }], "local": { "score": 0.55, "ruleIds": ["NN-001"] } }
 *   200  { "score": 0.93 }            // probability that the texts are an attack, in [0, 1]
 * Anything else (another status, not JSON, no numeric score in [0, 1], too slow) is a failure, and
 * the route's fail mode decides: `open` keeps the local verdict (forwarded, flagged), `closed`
 * refuses. Only strings the local screen found something in are sent, at most MAX_SENT_CHARS.
 */
import * as z from 'zod'
import type { SecondOpinionConfig, SecondOpinionMode } from '../config/screening'
import { withTimeout } from '../lib/timeout'
import { SECOND_OPINION_ID, type Finding, type ScreenResult } from './types'

export { SECOND_OPINION_ID }
const MAX_SENT_CHARS = 32_768

const Answer = z.object({ score: z.number().min(0).max(1) })

export type SecondOpinionOutcome = 'not-asked' | 'score' | 'cached' | 'timeout' | 'status' | 'garbage' | 'error'
export type SecondOpinion = { readonly result: ScreenResult; readonly outcome: SecondOpinionOutcome }

type Entry = { readonly score: number; readonly expires: number }
const caches = new WeakMap<SecondOpinionConfig, Map<string, Entry>>()

async function keyOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** LRU by insertion order: a hit is moved to the end, the oldest entry leaves first. */
function cacheGet(cfg: SecondOpinionConfig, key: string, now: number): number | undefined {
  const cache = caches.get(cfg)
  const hit = cache?.get(key)
  if (!cache || !hit) return undefined
  cache.delete(key)
  if (hit.expires <= now) return undefined
  cache.set(key, hit)
  return hit.score
}

function cachePut(cfg: SecondOpinionConfig, key: string, score: number, now: number): void {
  if (cfg.cacheSize === 0 || cfg.cacheMs === 0) return
  let cache = caches.get(cfg)
  if (!cache) caches.set(cfg, (cache = new Map()))
  cache.set(key, { score, expires: now + cfg.cacheMs })
  while (cache.size > cfg.cacheSize) cache.delete(cache.keys().next().value as string)
}

async function ask(cfg: SecondOpinionConfig, body: string): Promise<{ score: number } | { failure: SecondOpinionOutcome }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
  if (cfg.token) headers['authorization'] = `Bearer ${cfg.token}`
  const init: RequestInit = { method: 'POST', headers, body, redirect: 'manual' }
  try {
    const res = await withTimeout(cfg.fetcher ? cfg.fetcher.fetch(cfg.url.href, init) : fetch(cfg.url.href, init), cfg.timeoutMs)
    if (res.status !== 200) {
      await res.body?.cancel()
      return { failure: 'status' }
    }
    const text = await withTimeout(res.text(), cfg.timeoutMs)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return { failure: 'garbage' }
    }
    const answer = Answer.safeParse(parsed)
    return answer.success ? { score: answer.data.score } : { failure: 'garbage' }
  } catch (error) {
    return { failure: error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'error' }
  }
}

/**
 * Ask the classifier about a grey-zone result, if one is configured and the route allows it.
 * `mode` is the route's override (`off` never asks). `shadow` = SCREENING_RULE_MODES sets SO-001
 * to `log`: the answer is recorded as a finding but never changes the verdict.
 */
export async function withSecondOpinion(
  cfg: SecondOpinionConfig | undefined,
  mode: SecondOpinionMode | undefined,
  items: ReadonlyArray<{ location: string; text: string }>,
  local: ScreenResult,
  blockThreshold: number,
  shadow: boolean,
  now: number,
): Promise<SecondOpinion> {
  if (!cfg || mode === 'off' || local.verdict !== 'flag') return { result: local, outcome: 'not-asked' }
  const failMode = mode ?? cfg.failMode
  const flagged = new Set(local.findings.map((f) => f.location))
  const texts: { location: string; text: string }[] = []
  let budget = MAX_SENT_CHARS
  for (const item of items) {
    if (!flagged.has(item.location) || budget <= 0) continue
    const text = item.text.slice(0, budget)
    budget -= text.length
    texts.push({ location: item.location, text })
  }
  const body = JSON.stringify({ version: 1, texts, local: { score: local.score, ruleIds: [...new Set(local.findings.map((f) => f.ruleId))] } })
  const key = await keyOf(JSON.stringify(texts))
  const cached = cacheGet(cfg, key, now)
  let outcome: SecondOpinionOutcome = 'cached'
  let score = cached
  if (score === undefined) {
    const answer = await ask(cfg, body)
    if ('failure' in answer) {
      if (failMode === 'open' || shadow) return { result: local, outcome: answer.failure }
      return { result: { ...local, verdict: 'block', score: Math.max(local.score, blockThreshold) }, outcome: answer.failure }
    }
    score = answer.score
    outcome = 'score'
    cachePut(cfg, key, score, now)
  }
  const finding: Finding = { ruleId: SECOND_OPINION_ID, category: 'model', weight: score, mode: shadow ? 'log' : 'block', location: texts[0]?.location ?? '' }
  const block = !shadow && score >= cfg.blockAt
  return {
    result: { score: block ? Math.max(local.score, blockThreshold) : local.score, verdict: block ? 'block' : local.verdict, findings: [...local.findings, finding] },
    outcome,
  }
}
