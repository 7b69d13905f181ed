#!/usr/bin/env -S node --experimental-websocket
/**
 * @module CPU profile of Tollgate under the bench load (not part of npm run bench; run it with
 * `node --experimental-websocket bench/profile.mjs`). Starts Tollgate on raw workerd with the V8
 * inspector on 127.0.0.1, drives the bench request with wrk (-c10) for PROFILE_SECONDS, samples
 * with the CDP Profiler, and prints self time per function, mapped back to src/ through the
 * bundle's source map, plus a per-file roll-up, inclusive time per function and hot lines. The
 * worker and its Durable Objects share one isolate, so the guard shows up too.
 *
 * Env: PROFILE_SECONDS (8), PROFILE_PATH (POST | GET), PROFILE_INTERVAL_US (sampling interval, 50),
 * PROFILE_WORKER (unset: the deploy bundle; `ablate`: bench/ablate.ts, the guard answered in-isolate).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { send } from './lib/http.mjs'
import { shadowFalsePositives } from './lib/probe.mjs'
import { installCleanupTrap, runMain, startProcess, stopProcess } from './lib/procs.mjs'
import { buildTollgate, buildWorker, freePort, log, readWrangler, startOrigin, useTree, waitForPort, WORK, workerdBinary, writeCapnp } from './lib/setup.mjs'
import { makeKey, mint, ORDER_BODY, tollgateBindings } from './lib/tollgate.mjs'
import { ensureWrk, runWrk, writeLua } from './lib/wrk.mjs'
import { parseCli } from '../scripts/lib/cli.mjs'

parseCli({ name: 'profile', usage: 'node bench/profile.mjs', about: 'CPU profile of Tollgate on raw workerd under load (PROFILE_SECONDS, PROFILE_PATH, PROFILE_INTERVAL_US, PROFILE_WORKER=ablate).', example: 'PROFILE_SECONDS=5 node bench/profile.mjs', options: {} })


const SECONDS = Number(process.env.PROFILE_SECONDS ?? 8)
const PATH = process.env.PROFILE_PATH ?? 'POST'
const SAMPLE_US = Number(process.env.PROFILE_INTERVAL_US ?? 50)
const OUT = join(WORK, 'profile')
installCleanupTrap()

// --- source map (VLQ) -----------------------------------------------------------------------
const B64 = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]))
function decodeMap(map) {
  const lines = []
  let src = 0
  let srcLine = 0
  let srcCol = 0
  for (const line of map.mappings.split(';')) {
    const segs = []
    let col = 0
    for (const seg of line.split(',')) {
      if (!seg) continue
      const vals = []
      let v = 0
      let shift = 0
      for (const ch of seg) {
        const d = B64[ch]
        v += (d & 31) << shift
        if (d & 32) shift += 5
        else {
          vals.push(v & 1 ? -(v >> 1) : v >> 1)
          v = 0
          shift = 0
        }
      }
      col += vals[0]
      if (vals.length >= 4) {
        src += vals[1]
        srcLine += vals[2]
        srcCol += vals[3]
        segs.push([col, src, srcLine])
      }
    }
    lines.push(segs)
  }
  return (line, column) => {
    const segs = lines[line] ?? []
    let best
    for (const s of segs) {
      if (s[0] <= column) best = s
      else break
    }
    return best ? { file: map.sources[best[1]], line: best[2] + 1 } : undefined
  }
}

async function main() {
  const wrkBin = ensureWrk()
  await useTree()
  rmSync(OUT, { recursive: true, force: true })
  mkdirSync(OUT, { recursive: true })
  // PROFILE_WORKER=ablate profiles bench/ablate.ts (the guard answered in-isolate) instead.
  const tollgate = process.env.PROFILE_WORKER === 'ablate' ? { bundle: await buildWorker('bench/ablate.ts', 'ablate') } : await buildTollgate()
  const wrangler = await readWrangler()
  const origin = await startOrigin()
  const key = await makeKey()
  await shadowFalsePositives({ tollgate, wrangler, origin, key, dir: OUT })
  const [port, inspector] = [await freePort(), await freePort()]
  const storage = `/dev/shm/tollgate-profile-${process.pid}`
  process.on('exit', () => rmSync(storage, { recursive: true, force: true }))
  const cfg = writeCapnp(join(OUT, 'profile.capnp'), [
    { name: 'tollgate', module: tollgate.bundle, port, bindings: tollgateBindings(wrangler, { originUrl: origin.url, jwks: key.jwks }), durableObjects: wrangler.durableObjects, storageDir: storage, compatibilityDate: wrangler.compatibilityDate, compatibilityFlags: wrangler.compatibilityFlags },
  ])
  const workerd = startProcess(workerdBinary(), ['serve', cfg, `--inspector-addr=127.0.0.1:${inspector}`], { label: 'workerd-profile' })
  try {
    await waitForPort(port, { proc: workerd })
    await waitForPort(inspector, { proc: workerd })
    const tokens = await Promise.all(Array.from({ length: 64 }, (_, i) => mint(key, { sub: `profile-agent-${i}` })))
    const lua = writeLua(join(OUT, 'profile.lua'), PATH === 'GET' ? { method: 'GET', path: '/api/bench/items/7', tokens } : { method: 'POST', path: '/api/bench/orders', body: ORDER_BODY, tokens, headers: { 'Content-Type': 'application/json' } })
    const url = `http://127.0.0.1:${port}${PATH === 'GET' ? '/api/bench/items/7' : '/api/bench/orders'}`
    await runWrk(wrkBin, url, { lua, seconds: 2 })
    const list = JSON.parse((await send(`http://127.0.0.1:${inspector}/json/list`)).body)
    const target = list.find((t) => t.webSocketDebuggerUrl && /tollgate/.test(t.id + t.title + t.url + t.webSocketDebuggerUrl)) ?? list[0]
    const ws = new WebSocket(target.webSocketDebuggerUrl.replace('localhost', '127.0.0.1'))
    await new Promise((r, j) => ((ws.onopen = r), (ws.onerror = j)))
    let id = 0
    const pending = new Map()
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data)
      if (msg.id && pending.has(msg.id)) {
        pending.get(msg.id)(msg)
        pending.delete(msg.id)
      }
    }
    const cdp = (method, params = {}) => new Promise((r) => {
      const i = ++id
      pending.set(i, r)
      ws.send(JSON.stringify({ id: i, method, params }))
    })
    await cdp('Profiler.enable')
    await cdp('Profiler.setSamplingInterval', { interval: SAMPLE_US })
    await cdp('Profiler.start')
    const res = await runWrk(wrkBin, url, { lua, seconds: SECONDS })
    const { result } = await cdp('Profiler.stop')
    ws.close()
    log(`profiled ${res.requests} requests (${Math.round(res.rps)} req/s, non-2xx ${res.non2xx})`)
    writeFileSync(join(OUT, 'tollgate.cpuprofile'), JSON.stringify(result.profile))
    report(result.profile, tollgate.bundle, res.requests)
  } finally {
    await stopProcess(workerd)
    await stopProcess(origin.proc)
  }
}

function report(profile, bundle, requests) {
  const lookup = decodeMap(JSON.parse(readFileSync(bundle + '.map', 'utf8')))
  const dt = new Map()
  const times = profile.timeDeltas
  profile.samples.forEach((nodeId, i) => dt.set(nodeId, (dt.get(nodeId) ?? 0) + (times[i] ?? 0)))
  const total = [...dt.values()].reduce((a, b) => a + b, 0)
  const byFn = new Map()
  const byFile = new Map()
  const label = new Map()
  const parent = new Map()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  for (const node of profile.nodes) {
    const us = dt.get(node.id) ?? 0
    const cf = node.callFrame
    let where = cf.url ? `${cf.url.split('/').pop()}:${cf.lineNumber + 1}` : '(native)'
    let file = cf.url ? 'bundle (unmapped)' : cf.functionName || '(native)'
    if (cf.url && cf.url.includes('worker')) {
      const m = lookup(cf.lineNumber, cf.columnNumber)
      if (m) {
        file = m.file.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'node_modules/')
        where = `${file}:${m.line}`
      }
    }
    const fn = `${cf.functionName || '(anonymous)'} ${where}`
    label.set(node.id, fn)
    if (!us) continue
    byFn.set(fn, (byFn.get(fn) ?? 0) + us)
    byFile.set(file, (byFile.get(file) ?? 0) + us)
  }
  // Inclusive time: each sample counts once for every distinct function on its stack. Async
  // functions count only their synchronous stretches (what the one thread spends in them).
  const inclusive = new Map()
  for (const node of profile.nodes) {
    const us = dt.get(node.id) ?? 0
    if (!us) continue
    const seen = new Set()
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const fn = label.get(id)
      if (seen.has(fn)) continue
      seen.add(fn)
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + us)
    }
  }
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n)
  console.log(`\nSelf time, ${(total / 1000).toFixed(0)} ms sampled over ${requests} requests (${(total / requests).toFixed(0)} µs per request):\n`)
  console.log('| µs/request | share | function |\n|---:|---:|---|')
  for (const [fn, us] of top(byFn, 35)) console.log(`| ${(us / requests).toFixed(1)} | ${((us / total) * 100).toFixed(1)} % | ${fn} |`)
  // Hot lines: the sampler's ticks per source line (self time only), mapped back to src/.
  const tickUs = total / Math.max(1, profile.samples.length)
  const byLine = new Map()
  for (const node of profile.nodes) {
    if (!node.callFrame.url?.includes('worker')) continue
    for (const { line, ticks } of node.positionTicks ?? []) {
      const m = lookup(line - 1, Number.MAX_SAFE_INTEGER)
      if (!m) continue
      const at = `${m.file.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'node_modules/')}:${m.line}`
      byLine.set(at, (byLine.get(at) ?? 0) + ticks * tickUs)
    }
  }
  console.log('\nHot lines (self time per source line):\n')
  console.log('| µs/request | share | line |\n|---:|---:|---|')
  for (const [at, us] of top(byLine, 40)) console.log(`| ${(us / requests).toFixed(1)} | ${((us / total) * 100).toFixed(1)} % | ${at} |`)
  console.log('\nInclusive time (the function and everything it calls synchronously), src/ and node_modules/ only:\n')
  console.log('| µs/request | share | function |\n|---:|---:|---|')
  for (const [fn, us] of top(new Map([...inclusive].filter(([fn]) => /\s(src|node_modules)\//.test(fn))), 45)) console.log(`| ${(us / requests).toFixed(1)} | ${((us / total) * 100).toFixed(1)} % | ${fn} |`)
  console.log('\n| µs/request | share | file |\n|---:|---:|---|')
  for (const [f, us] of top(byFile, 25)) console.log(`| ${(us / requests).toFixed(1)} | ${((us / total) * 100).toFixed(1)} % | ${f} |`)
}

runMain(main)
