#!/usr/bin/env node
/**
 * @module `npm run load`: exact accounting under concurrent load, and the seed's agent, against
 * Tollgate on raw workerd in front of the counting Node origin (bench/origin.mjs). Loopback only,
 * bounded in count and time, stops by itself; every process is stopped by process group.
 *
 * Part 1, exact accounting (LOAD_ROUNDS rounds, each with fresh agents):
 *   LOAD_AGENTS agents × LOAD_REQUESTS requests, tiers mixed (limits 20, 60, 150, 100,000 per day,
 *   burst = rpm = daily, so the expected admissions do not depend on timing), routes mixed
 *   (POST with a 1 KB schema-checked body, GET with a path parameter over 8 ids: few enough that
 *   the risk engine's enumeration signal stays quiet, so limits are what is measured), all agents' requests
 *   shuffled together and sent over LOAD_CONNECTIONS connections. Checked from both sides:
 *   admitted per agent == min(sent, limit); the origin received exactly the admitted request ids
 *   (no more, no fewer, no duplicates); every denial is a 429 with Retry-After and RateLimit
 *   fields; zero 5xx; workerd RSS stable from round to round.
 * Part 2, the seed's agent: 10,000 requests paced over 60 s from one premium agent, polling 4 items (the default
 *   premium tier: 1,000/min, 100/s): every request answered once; 200s == the guard's admitted
 *   count == what the origin saw; every 429 carries Retry-After and RateLimit fields.
 *
 * Env: LOAD_ROUNDS (3), LOAD_AGENTS (120), LOAD_REQUESTS (100), LOAD_CONNECTIONS (32),
 * SEED_REQUESTS (10000), SEED_SECONDS (60), LOAD_STORAGE (disk | tmpfs), BENCH_TREE (worktree | head | commit).
 * Exit code 0 only if every check passed.
 */
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { keepAliveAgent, pool, send } from './lib/http.mjs'
import { shadowFalsePositives } from './lib/probe.mjs'
import { installCleanupTrap, runMain, rssKiB, sleep, stopProcess } from './lib/procs.mjs'
import { freePort, log, machine, startOrigin, startWorkerd, tree, WORK, writeCapnp, prepareRun } from './lib/setup.mjs'
import { ADMIN_TOKEN, makeKey, mint, ORDER_BODY, tollgateBindings } from './lib/tollgate.mjs'
import { parseCli } from '../scripts/lib/cli.mjs'

parseCli({ name: 'load', usage: 'npm run load', about: 'N agents × M requests through raw workerd: checks that exactly min(sent, limit) per agent are admitted and reach the origin.', example: 'npm run load', options: {} })


const env = (k, d) => (process.env[k] !== undefined && process.env[k] !== '' ? process.env[k] : d)
const ROUNDS = Number(env('LOAD_ROUNDS', 3))
const AGENTS = Number(env('LOAD_AGENTS', 120))
const REQUESTS = Number(env('LOAD_REQUESTS', 100))
const CONNECTIONS = Number(env('LOAD_CONNECTIONS', 32))
const SEED_REQUESTS = Number(env('SEED_REQUESTS', 10_000))
const SEED_SECONDS = Number(env('SEED_SECONDS', 60))
const OUT = join(WORK, 'load')
const HARD_LIMIT_MS = 20 * 60_000

/** burst = rpm = daily: within one run only the total counts, so min(sent, limit) is exact. */
const LOAD_TIERS = {
  'load-free': { rpm: 20, burst: 20, daily: 20 },
  'load-standard': { rpm: 60, burst: 60, daily: 60 },
  'load-premium': { rpm: 150, burst: 150, daily: 150 },
  'load-internal': { rpm: 100_000, burst: 100_000, daily: 100_000 },
}
const TIER_NAMES = Object.keys(LOAD_TIERS)

installCleanupTrap()
const hardStop = setTimeout(() => {
  console.error(`load: hard time limit (${HARD_LIMIT_MS / 60_000} min) reached, stopping`)
  process.exit(3)
}, HARD_LIMIT_MS)
hardStop.unref()

const checks = []
function check(name, ok, detail = '') {
  checks.push({ name, ok: !!ok, detail })
  log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`)
}

/** Deterministic shuffle (mulberry32), so a failing run can be replayed. */
function shuffle(xs, seed) {
  let a = seed >>> 0
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[xs[i], xs[j]] = [xs[j], xs[i]]
  }
  return xs
}

const RATE_HEADERS = ['retry-after', 'ratelimit', 'ratelimit-policy', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']
function missingRateHeaders(res) {
  return RATE_HEADERS.filter((h) => res.headers?.[h] === undefined)
}
const codeOf = (res) => /"code":"([A-Z0-9_]+)"/.exec(res.body ?? '')?.[1]

async function main() {
  const { tollgate, wrangler } = await prepareRun(OUT)
  const origin = await startOrigin()
  const key = await makeKey()
  const shadowed = await shadowFalsePositives({ tollgate, wrangler, origin, key, dir: OUT })
  const port = await freePort()
  const storageDir = env('LOAD_STORAGE', 'disk') === 'tmpfs' ? `/dev/shm/tollgate-load-${process.pid}` : join(OUT, 'do')
  process.on('exit', () => storageDir.startsWith('/dev/shm/') && rmSync(storageDir, { recursive: true, force: true }))
  const cfg = writeCapnp(join(OUT, 'load.capnp'), [
    {
      name: 'tollgate',
      module: tollgate.bundle,
      port,
      bindings: tollgateBindings(wrangler, { originUrl: origin.url, jwks: key.jwks, tiers: LOAD_TIERS }),
      durableObjects: wrangler.durableObjects,
      storageDir,
      compatibilityDate: wrangler.compatibilityDate,
      compatibilityFlags: wrangler.compatibilityFlags,
    },
  ])
  const workerd = await startWorkerd(cfg, [port], { label: 'workerd-load' })
  const base = `http://127.0.0.1:${port}`
  const results = { machine: machine(), tree: { ...tree }, shadowed, storage: storageDir.startsWith('/dev/shm/') ? 'tmpfs' : 'disk', rounds: [], seed: undefined }
  try {
    const rssStart = rssKiB(workerd.child.pid)
    for (let r = 1; r <= ROUNDS; r++) results.rounds.push(await accountingRound({ r, base, key, origin, workerd }))
    const rss = results.rounds.map((x) => x.rssKiB)
    const growth = rss.at(-1) - rss[0]
    check(
      'memory stable across rounds (workerd RSS after the last round within 25 % + 32 MiB of after the first)',
      rss.at(-1) <= rss[0] * 1.25 + 32 * 1024,
      `RSS MiB: start ${(rssStart / 1024).toFixed(0)}, after each round ${rss.map((k) => (k / 1024).toFixed(0)).join(' → ')} (${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(1)} MiB)`,
    )
    results.seed = await seedAgent({ base, key, origin, workerd })
    results.rssEndKiB = rssKiB(workerd.child.pid)
  } finally {
    await stopProcess(workerd)
    await stopProcess(origin.proc)
  }
  results.checks = checks
  writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, 2))
  const failed = checks.filter((c) => !c.ok)
  console.log(`\n${checks.length - failed.length}/${checks.length} checks passed; details in .bench/load/results.json`)
  console.log(summaryTable(results))
  if (failed.length > 0) process.exitCode = 1
}

async function accountingRound({ r, base, key, origin, workerd }) {
  await origin.reset()
  const agents = Array.from({ length: AGENTS }, (_, i) => {
    const tier = TIER_NAMES[i % TIER_NAMES.length]
    return { id: `load-r${r}-a${String(i).padStart(4, '0')}`, tier, limit: LOAD_TIERS[tier].daily }
  })
  const tokens = new Map()
  for (const a of agents) tokens.set(a.id, await mint(key, { sub: a.id, tier: a.tier }))
  const jobs = []
  for (const a of agents) for (let q = 0; q < REQUESTS; q++) jobs.push({ agent: a, q, id: `${a.id}-q${String(q).padStart(5, '0')}` })
  shuffle(jobs, 0x5eed + r)
  const agent = keepAliveAgent(CONNECTIONS)
  const samples = []
  const sampler = setInterval(() => samples.push(rssKiB(workerd.child.pid)), 500)
  log(`round ${r}: ${AGENTS} agents × ${REQUESTS} requests = ${jobs.length}, ${CONNECTIONS} connections, tiers ${TIER_NAMES.join('/')}`)
  const t0 = Date.now()
  const responses = await pool(
    jobs.map((j) => () => {
      const headers = { authorization: `Bearer ${tokens.get(j.agent.id)}`, 'x-request-id': j.id }
      return j.q % 2 === 0
        ? send(`${base}/api/bench/orders`, { method: 'POST', body: ORDER_BODY, agent, headers: { ...headers, 'content-type': 'application/json' } })
        : send(`${base}/api/bench/items/${j.q % 8}`, { agent, headers })
    }),
    CONNECTIONS,
  )
  const seconds = (Date.now() - t0) / 1000
  clearInterval(sampler)
  agent.destroy()
  await sleep(1000)
  const rssAfter = rssKiB(workerd.child.pid)

  const byAgent = new Map(agents.map((a) => [a.id, { admitted: 0, denied: 0, other: 0 }]))
  const admittedIds = new Set()
  const statuses = {}
  let fiveXX = 0
  let clientErrors = 0
  let badDenials = 0
  let firstBad
  responses.forEach((res, i) => {
    const j = jobs[i]
    const k = res.status ? `${res.status} ${codeOf(res) ?? ''}`.trim() : `error ${res.error}`
    statuses[k] = (statuses[k] ?? 0) + 1
    const a = byAgent.get(j.agent.id)
    if (res.status === 200) {
      a.admitted++
      admittedIds.add(j.id)
    } else if (res.status === 429) {
      a.denied++
      if (missingRateHeaders(res).length > 0 || !/^\d+$/.test(res.headers['retry-after'] ?? '') || !res.headers['content-type']?.startsWith('application/problem+json')) {
        badDenials++
        firstBad ??= { id: j.id, missing: missingRateHeaders(res), headers: res.headers }
      }
    } else {
      a.other++
      if (res.status >= 500) fiveXX++
      if (!res.status) clientErrors++
      firstBad ??= { id: j.id, status: res.status, error: res.error, body: res.body?.slice(0, 300) }
    }
  })
  const wrong = agents.filter((a) => byAgent.get(a.id).admitted !== Math.min(REQUESTS, a.limit))
  const os = await origin.stats(true)
  const originIds = new Set(os.ids)
  const missingAtOrigin = [...admittedIds].filter((id) => !originIds.has(id))
  const extraAtOrigin = [...originIds].filter((id) => !admittedIds.has(id))
  const originPerAgentWrong = agents.filter((a) => (os.byAgent[a.id] ?? 0) !== byAgent.get(a.id).admitted)
  const expectedTotal = agents.reduce((s, a) => s + Math.min(REQUESTS, a.limit), 0)

  log(`round ${r}: ${jobs.length} requests in ${seconds.toFixed(1)} s (${(jobs.length / seconds).toFixed(0)} req/s); statuses ${JSON.stringify(statuses)}`)
  check(`round ${r}: admitted per agent == min(sent, limit) for all ${AGENTS} agents`, wrong.length === 0, wrong.length ? `${wrong.length} agents off, e.g. ${wrong[0].id} (${wrong[0].tier}): ${byAgent.get(wrong[0].id).admitted} vs ${Math.min(REQUESTS, wrong[0].limit)}` : `${admittedIds.size} admitted = ${expectedTotal} expected`)
  check(`round ${r}: the origin received exactly the admitted request ids`, missingAtOrigin.length === 0 && extraAtOrigin.length === 0 && os.duplicateIds === 0 && os.withoutId === 0 && originPerAgentWrong.length === 0, `origin ${os.total} requests, ${os.distinctIds} distinct ids, ${os.duplicateIds} duplicates, ${missingAtOrigin.length} admitted-but-missing, ${extraAtOrigin.length} unexpected`)
  check(`round ${r}: zero 5xx and zero transport errors`, fiveXX === 0 && clientErrors === 0, `${fiveXX} 5xx, ${clientErrors} transport errors${firstBad && !firstBad.missing ? `; first: ${JSON.stringify(firstBad)}` : ''}`)
  check(`round ${r}: every 429 is problem+json with Retry-After, RateLimit, RateLimit-Policy and X-RateLimit-*`, badDenials === 0, badDenials ? JSON.stringify(firstBad) : `${responses.filter((x) => x.status === 429).length} denials checked`)
  return { round: r, requests: jobs.length, seconds, rps: jobs.length / seconds, statuses, admitted: admittedIds.size, expected: expectedTotal, origin: { total: os.total, duplicates: os.duplicateIds }, rssKiB: rssAfter, rssPeakKiB: Math.max(...samples.filter(Boolean), rssAfter) }
}

async function seedAgent({ base, key, origin, workerd }) {
  await origin.reset()
  const id = `seed-premium-${Date.now().toString(36)}`
  const token = await mint(key, { sub: id, tier: 'premium' })
  const agent = keepAliveAgent(64)
  const interval = (SEED_SECONDS * 1000) / SEED_REQUESTS
  log(`seed's agent: ${SEED_REQUESTS} requests from one premium agent, one every ${interval.toFixed(1)} ms for ${SEED_SECONDS} s`)
  const samples = []
  const sampler = setInterval(() => samples.push(rssKiB(workerd.child.pid)), 1000)
  const t0 = Date.now()
  let inflight = 0
  let maxLateMs = 0
  const pending = []
  const results = new Array(SEED_REQUESTS)
  for (let i = 0; i < SEED_REQUESTS; i++) {
    const due = t0 + i * interval
    const wait = due - Date.now()
    if (wait > 1) await sleep(wait)
    while (inflight >= 64) await sleep(1)
    maxLateMs = Math.max(maxLateMs, Date.now() - due)
    inflight++
    const sentAt = Date.now() - t0
    pending.push(
      send(`${base}/api/bench/items/${i % 4}`, { agent, headers: { authorization: `Bearer ${token}`, 'x-request-id': `seed-${String(i).padStart(6, '0')}` } }).then((res) => {
        inflight--
        results[i] = { ...res, sentAt }
      }),
    )
  }
  await Promise.all(pending)
  const seconds = (Date.now() - t0) / 1000
  clearInterval(sampler)
  agent.destroy()
  const statuses = {}
  let badDenials = 0
  let firstBad
  let lastAdmittedAt = 0
  const retryAfter = new Map()
  results.forEach((res, i) => {
    const k = res.status ? `${res.status} ${codeOf(res) ?? ''}`.trim() : `error ${res.error}`
    statuses[k] = (statuses[k] ?? 0) + 1
    if (res.status === 200) lastAdmittedAt = Math.max(lastAdmittedAt, res.sentAt)
    if (res.status === 429) {
      const ra = res.headers['retry-after']
      retryAfter.set(ra, (retryAfter.get(ra) ?? 0) + 1)
      if (missingRateHeaders(res).length > 0 || !/^\d+$/.test(ra ?? '') || Number(ra) < 1) {
        badDenials++
        firstBad ??= { i, missing: missingRateHeaders(res), retryAfter: ra }
      }
    }
  })
  const ok200 = results.filter((x) => x.status === 200).length
  const n429 = results.filter((x) => x.status === 429).length
  const answered = results.filter((x) => x.status).length
  const snap = await send(`${base}/_tollgate/admin/agents/${id}/snapshot`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  const snapshot = snap.status === 200 ? JSON.parse(snap.body) : {}
  const os = await origin.stats(true)
  const admittedIds = new Set(results.map((x, i) => (x.status === 200 ? `seed-${String(i).padStart(6, '0')}` : null)).filter(Boolean))
  const sameIds = os.ids.length === admittedIds.size && os.ids.every((x) => admittedIds.has(x))
  log(`seed's agent: ${answered} answered in ${seconds.toFixed(1)} s (pacing lag max ${maxLateMs} ms); statuses ${JSON.stringify(statuses)}; Retry-After values ${JSON.stringify(Object.fromEntries([...retryAfter].sort((a, b) => Number(a[0]) - Number(b[0]))))}`)
  check("seed's agent: every request answered exactly once (no lost requests, no transport errors)", answered === SEED_REQUESTS && ok200 + n429 + results.filter((x) => x.status && x.status !== 200 && x.status !== 429).length === SEED_REQUESTS && !results.some((x) => !x.status), `${answered}/${SEED_REQUESTS} answered`)
  check("seed's agent: only 200 and 429, zero 5xx", ok200 + n429 === SEED_REQUESTS, JSON.stringify(statuses))
  check("seed's agent: 200s == guard's admitted count == origin's count (nothing lost or double-counted)", ok200 === snapshot.admitted?.total && ok200 === os.total && os.duplicateIds === 0 && sameIds, `client 200s ${ok200}, guard admitted ${snapshot.admitted?.total}, guard rejected ${snapshot.rejected?.total}, origin ${os.total} (${os.duplicateIds} duplicates, ids ${sameIds ? 'identical' : 'DIFFER'})`)
  // The minute window (60 one-second buckets + the current one) cannot free its first bucket before
  // 60 s after the first admission, so a run that ends within 60 s admits exactly the tier's rpm.
  // It applies when the minute limit binds: the burst limit (≈ 91/s sustained) reaches 1,000 in ≈ 11 s.
  const withinWindow = results.every((x) => x.sentAt < 60_000) && seconds < 61
  const minuteBinds = SEED_SECONDS >= 20 && SEED_REQUESTS / SEED_SECONDS > 100
  // A risk action (throttle or block, src/guard/risk.ts) may legitimately admit fewer; never more.
  const riskActed = results.some((x) => x.status === 403 || (x.status === 429 && !/"code":"(RATE_LIMITED|BUDGET_EXHAUSTED)"/.test(x.body ?? '')))
  check("seed's agent: never more than the premium minute limit (1,000) admitted within the minute", !withinWindow || ok200 <= 1000, `${ok200} admitted`)
  if (minuteBinds) check("seed's agent: admitted exactly the premium minute limit (1,000) within the minute, unless a risk action intervened", !withinWindow || riskActed || ok200 === 1000, withinWindow ? `${ok200} admitted, last admission sent at ${(lastAdmittedAt / 1000).toFixed(1)} s${riskActed ? '; a risk action intervened' : ''}` : `run overran the minute (${seconds.toFixed(1)} s); ${ok200} admitted`)
  check("seed's agent: every 429 is problem+json with Retry-After ≥ 1 and RateLimit fields", badDenials === 0, badDenials ? JSON.stringify(firstBad) : `${n429} denials checked`)
  return { requests: SEED_REQUESTS, seconds, maxLateMs, statuses, admitted: ok200, guard: { admitted: snapshot.admitted?.total, rejected: snapshot.rejected?.total, stateBytes: snapshot.stateBytes }, origin: os.total, retryAfter: Object.fromEntries(retryAfter), rssKiB: samples }
}

function summaryTable(r) {
  const lines = r.shadowed?.length ? [`Warning: screening false positive on the bench order (${r.shadowed.join(', ')}): those rules ran in shadow mode.`, ''] : []
  lines.push('| round | requests | req/s | admitted (expected) | origin received | statuses | workerd RSS after |', '|---|---:|---:|---:|---:|---|---:|')
  for (const x of r.rounds) lines.push(`| ${x.round} | ${x.requests.toLocaleString('en-US')} | ${x.rps.toFixed(0)} | ${x.admitted} (${x.expected}) | ${x.origin.total} | ${Object.entries(x.statuses).map(([k, v]) => `${k}: ${v}`).join(', ')} | ${(x.rssKiB / 1024).toFixed(0)} MiB |`)
  if (r.seed) {
    const s = r.seed
    lines.push('', `Seed's agent: ${s.requests.toLocaleString('en-US')} requests in ${s.seconds.toFixed(1)} s; ${Object.entries(s.statuses).map(([k, v]) => `${k}: ${v}`).join(', ')}; guard admitted ${s.guard.admitted}, rejected ${s.guard.rejected}; origin ${s.origin}; state row ${s.guard.stateBytes} bytes; RSS ${(Math.min(...s.rssKiB.filter(Boolean)) / 1024).toFixed(0)}–${(Math.max(...s.rssKiB.filter(Boolean)) / 1024).toFixed(0)} MiB.`)
  }
  lines.push('', ...r.checks.map((c) => `- ${c.ok ? 'PASS' : 'FAIL'} ${c.name}${c.detail ? `: ${c.detail}` : ''}`))
  return lines.join('\n')
}

runMain(main)
