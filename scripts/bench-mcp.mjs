#!/usr/bin/env node
/**
 * @module Benchmark (not a test): per-call overhead Tollgate adds to an MCP tools/call. Run:
 * `node scripts/bench-mcp.mjs` (BENCH_CALLS=1000, BENCH_RUNS=3; BENCH_PORT pins Miniflare's loopback
 * port, otherwise a free one is used).
 *
 * One Miniflare (workerd) process runs the edge (SQLite-backed AgentGuard and ToolPins) and the
 * demo MCP server behind the ORIGIN service binding. The same tools/call is sent, alternately, to
 * the edge and straight to the demo server, so both sides share the Node → workerd hop and any
 * drift; the overhead is the difference of the medians, per run. Everything the edge does per
 * call is in the measured path: JWT verify (EdDSA), policy, schema, argument screening, the guard
 * RPC, the response rewrite (SSE parsing and result screening); the slot release runs in
 * waitUntil, off the measured path. `wrangler dev` is not used: its own proxy dominates. A REST
 * GET through the same edge is measured alongside, so the MCP-specific share is visible.
 */
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { importJWK, SignJWT } from 'jose'
import { Miniflare } from 'miniflare'
import { unstable_readConfig } from 'wrangler'

const CALLS = Number(process.env.BENCH_CALLS ?? 1000)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const WARMUP = 100

async function bundle(entry) {
  const out = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], external: ['cloudflare:*', 'node:*'], write: false, logLevel: 'error' })
  return out.outputFiles[0].text
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]

const wrangler = unstable_readConfig({ config: './wrangler.toml' })
const jwks = readFileSync('demo/demo.env', 'utf8').match(/^JWT_JWKS=(.*)$/m)[1]
const jwk = JSON.parse(readFileSync('demo/keys/demo-signing-key.jwk.json', 'utf8'))
delete jwk._warning

const mf = new Miniflare({
  host: '127.0.0.1',
  port: Number(process.env.BENCH_PORT ?? 0),
  // Log lines are written inside workerd as in production, then drained here instead of printed.
  handleRuntimeStdio(stdout, stderr) {
    stdout.resume()
    stderr.resume()
  },
  workers: [
    {
      name: 'edge',
      modules: true,
      script: await bundle('src/index.ts'),
      compatibilityDate: '2026-04-20',
      bindings: {
        ...wrangler.vars,
        JWT_JWKS: jwks,
        // Limits out of the way: the bench measures the path, not the quotas.
        MCP_CALLS_PER_MINUTE: 1_000_000,
        TIERS: { internal: { rpm: 1_000_000, burst: 100_000, daily: 100_000_000, cost_per_minute: 100_000_000 } },
        MCP_MAX_CONCURRENT: 1_000,
      },
      durableObjects: {
        AGENT_GUARD: { className: 'AgentGuard', useSQLite: true },
        TOOL_PINS: { className: 'ToolPins', useSQLite: true },
        CLIENT_AUTH_LIMITER: { className: 'ClientAuthLimiter', useSQLite: true },
      },
      serviceBindings: { ORIGIN: 'tollgate-demo-origin' },
    },
    { name: 'tollgate-demo-origin', modules: true, script: await bundle('demo/src/origin.ts'), compatibilityDate: '2026-04-20' },
  ],
})

const key = await importJWK(jwk, 'EdDSA')
const now = Math.floor(Date.now() / 1000)
const token = await new SignJWT({ scope: 'search:execute orders:read', tier: 'internal' })
  .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: jwk.kid })
  .setIssuer('https://demo.tollgate.local')
  .setAudience('https://api.demo.tollgate.local')
  .setSubject(`bench-mcp-${process.pid}`)
  .setJti(crypto.randomUUID())
  .setIssuedAt(now)
  .setExpirationTime(now + 900)
  .sign(key)

const origin = await mf.getWorker('tollgate-demo-origin')
let id = 0
/** mode: 'SSE' or 'JSON' tools/call, or 'REST' (GET /api/orders: the edge's path without MCP, for scale). */
function request(mode) {
  if (mode === 'REST') return { url: 'https://bench.test/api/orders', init: { method: 'GET', headers: {} } }
  const json = mode === 'JSON'
  const body = JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name: 'get_order_status', arguments: { order_id: 'ORD-00000042' } } })
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' }
  return { url: `https://bench.test/mcp${json ? '?json=1' : ''}`, init: { method: 'POST', body, headers } }
}
async function timed(fn) {
  const t = process.hrtime.bigint()
  const res = await fn()
  const text = await res.text()
  const ms = Number(process.hrtime.bigint() - t) / 1e6
  if (res.status !== 200 || !/shipped|ORD-/.test(text)) throw new Error(`unexpected answer ${res.status}: ${text.slice(0, 300)}`)
  return ms
}
const viaEdge = (mode) => () => {
  const { url, init } = request(mode)
  return mf.dispatchFetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } })
}
const direct = (mode) => () => {
  const { url, init } = request(mode)
  return origin.fetch(url, init)
}

try {
  const rows = []
  for (const mode of ['SSE', 'JSON', 'REST']) {
    const json = mode
    for (let i = 0; i < WARMUP; i++) {
      await timed(viaEdge(json))
      await timed(direct(json))
    }
    for (let r = 0; r < RUNS; r++) {
      const edge = []
      const dir = []
      for (let i = 0; i < CALLS; i++) {
        // Alternate the order so neither side always runs on a warmer cache.
        if (i % 2) {
          edge.push(await timed(viaEdge(json)))
          dir.push(await timed(direct(json)))
        } else {
          dir.push(await timed(direct(json)))
          edge.push(await timed(viaEdge(json)))
        }
      }
      rows.push({
        mode,
        run: r + 1,
        calls: CALLS,
        'direct p50 ms': +median(dir).toFixed(3),
        'edge p50 ms': +median(edge).toFixed(3),
        'overhead p50 ms': +(median(edge) - median(dir)).toFixed(3),
        'direct p90 ms': +pct(dir, 0.9).toFixed(3),
        'edge p90 ms': +pct(edge, 0.9).toFixed(3),
      })
    }
  }
  console.log(`tools/call get_order_status, ${CALLS} calls per run, edge and direct interleaved, Miniflare (workerd), Node ${process.version}`)
  console.table(rows)
  for (const mode of ['SSE', 'JSON', 'REST']) {
    const o = rows.filter((r) => r.mode === mode).map((r) => r['overhead p50 ms'])
    console.log(`${mode === 'REST' ? 'REST GET /api/orders (baseline, no MCP)' : `tools/call ${mode}`}: median per-call overhead ${median(o).toFixed(3)} ms (runs: ${o.join(', ')})`)
  }
} finally {
  await mf.dispose()
}
