/**
 * @module Micro-benchmark (not a test): the cost of AgentGuard.evaluate() at an agent's 1st,
 * 10,000th and 100,000th request, and the stored state size. Run: `npx tsx scripts/bench-guard.ts`.
 *
 * It runs inside workerd (Miniflare) with a SQLite-backed DO. The bench worker defines a subclass
 * with a bench-only `run()` RPC, so the production class gains no extra surface. `run()` loops
 * evaluate() inside the object, timing it with performance.now() (it advances in local workerd, at
 * 1 ms resolution, hence batches of 1,000 calls). Date.now() is faked during the loop so 100,000
 * requests arrive like real traffic (one every ~1 s, in bursts) and every ring, the day ones
 * included, fills up: the worst case for state size. Medians of RUNS fresh agents are reported.
 */
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'
import { parseCli } from './lib/cli.mjs'

parseCli({ name: 'bench:guard', usage: 'npm run bench:guard', about: "The guard's pure decision cost per request.", example: 'npm run bench:guard', options: {} })

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5)
const BATCH = 1000
const FRESH = 300
const MARKS = [1, 10_000, 100_000] as const

/** The bench worker, bundled from this string; only this script ever loads it. */
const BENCH_WORKER = /* ts */ `
import { AgentGuard } from './src/guard/agent-guard'


const LIMITS = { tier: 'bench', burst: 500, rpm: 5000, daily: 1_000_000, costPerMinute: 100_000, costPerDay: 10_000_000 }
const T0 = 1_800_000_000_000

export class BenchGuard extends AgentGuard {
  /** Requests from..from+count-1 of this agent; request i arrives at a fixed fake time. */
  async run(from, count) {
    const realNow = Date.now
    let i = from
    // Bursts of 10 requests 100 ms apart, then a 9.1 s pause: 10 req / 10 s on average.
    Date.now = () => T0 + Math.floor(i / 10) * 10_000 + (i % 10) * 100
    let allowed = 0
    const started = performance.now()
    try {
      for (; i < from + count; i++) {
        const verdict = await this.evaluate({
          requestId: 'r' + i, endpoint: 'GET /api/products', cost: 1 + (i % 50), bodyBytes: 0,
          token: { jti: 'j' + (i >> 10), iat: 1_799_999_000, exp: 1_900_000_000 },
          limits: LIMITS, screening: { score: 0, ruleIds: [], verdict: 'none' },
        })
        if (verdict.outcome === 'allow') allowed++
      }
    } finally {
      Date.now = realNow
    }
    const ms = performance.now() - started
    const snap = await this.snapshot()
    return { ms, allowed, stateBytes: snap.stateBytes, databaseBytes: this.ctx.storage.sql.databaseSize }
  }
}

export default {
  async fetch(request, env) {
    const { agent, from, count, fresh } = await request.json()
    if (fresh) {
      // The 1st request of many brand-new agents. performance.now() ticks every 1 ms, so one call
      // reads 0 or 1 ms; with a random phase the mean over many calls is still unbiased.
      let inObject = 0
      const started = performance.now()
      for (let n = 0; n < fresh; n++) inObject += (await env.GUARD.getByName(agent + '-' + n).run(1, 1)).ms
      return Response.json({ inObjectMs: inObject / fresh, rpcMs: (performance.now() - started) / fresh })
    }
    return Response.json(await env.GUARD.getByName(agent).run(from, count))
  },
}
`

type RunResult = { ms: number; allowed: number; stateBytes: number; databaseBytes: number }

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

async function main(): Promise<void> {
  const bundle = await build({
    stdin: { contents: BENCH_WORKER, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'bench-worker.ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    external: ['cloudflare:*'],
    write: false,
    logLevel: 'error',
  })
  const script = bundle.outputFiles[0]!.text
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2026-04-20',
    durableObjects: { GUARD: { className: 'BenchGuard', useSQLite: true } },
  })
  const call = async <T>(body: object): Promise<T> => {
    const response = await mf.dispatchFetch('http://bench/', { method: 'POST', body: JSON.stringify(body) })
    if (!response.ok) throw new Error(`bench worker: ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }

  try {
    const perMark = new Map<number, RunResult[]>(MARKS.map((m) => [m, []]))
    for (let r = 0; r < RUNS; r++) {
      const agent = `bench-${r}-${Date.now()}`
      let next = 1
      for (const mark of MARKS) {
        if (mark > next) await call<RunResult>({ agent, from: next, count: mark - next }) // warm-up traffic
        perMark.get(mark)!.push(await call<RunResult>({ agent, from: mark, count: BATCH }))
        next = mark + BATCH
      }
    }
    const first = await call<{ inObjectMs: number; rpcMs: number }>({ agent: `fresh-${Date.now()}`, fresh: FRESH })

    const rows: Record<string, string | number>[] = [
      {
        'requests': `1st of ${FRESH} fresh agents`,
        'µs / evaluate (median)': Math.round(first.inObjectMs * 1000),
        'min–max µs': '(mean)',
        'admitted': '',
        'state bytes (row + jtis)': '',
        'SQLite file bytes': '',
      },
    ]
    rows.push(...MARKS.map((mark) => {
      const results = perMark.get(mark)!
      const last = results.at(-1)!
      return {
        'requests': `${mark.toLocaleString('en')}–${(mark + BATCH - 1).toLocaleString('en')}`,
        'µs / evaluate (median)': (median(results.map((x) => x.ms)) * 1000) / BATCH,
        'min–max µs': results.map((x) => (x.ms * 1000) / BATCH).reduce(
          (acc, v) => [Math.min(acc[0]!, v), Math.max(acc[1]!, v)],
          [Infinity, -Infinity],
        ).map((v) => v.toFixed(1)).join('–'),
        'admitted': `${last.allowed}/${BATCH}`,
        'state bytes (row + jtis)': last.stateBytes,
        'SQLite file bytes': last.databaseBytes,
      }
    }))
    console.log(`AgentGuard.evaluate() in workerd (Miniflare), SQLite-backed DO, ${RUNS} runs, batches of ${BATCH}`)
    console.table(rows)
    console.log(
      `first RPC to a brand-new object, seen from the Worker (constructor, schema, 1st evaluate, round trip): ${first.rpcMs.toFixed(2)} ms (mean of ${FRESH})`,
    )
  } finally {
    await mf.dispose()
  }
}

await main()
