#!/usr/bin/env node
/**
 * @module `npm run faults`: the fault table items the workerd tests cannot cover, against Tollgate
 * on raw workerd (generated capnp, the deploy bundle) and real Node processes on 127.0.0.1.
 *
 * - origin slow / reset before headers / reset mid-stream / down → 504 or 502 problem+json, no
 *   hang, nothing left behind in the guard;
 * - JWKS endpoint down after warm-up → cached keys keep working; JWKS down on a cold start → 503,
 *   never 401, never open;
 * - invalid configuration → 500 GATEWAY_MISCONFIGURED, the log names the field;
 * - workerd killed (SIGKILL) mid-window and restarted on the same storage → counters persist;
 * - bad-input barrage (truncated, huge, deep JSON; invalid UTF-8; lying Content-Length; 10,000
 *   headers; path traversal spellings) → each a 4xx, and the origin sees none of it.
 *
 * Every step is bounded (timeouts on every request, a hard limit on the run); every process is
 * stopped by process group. Exit code 0 only if every row passed. BENCH_TREE as for npm run bench;
 * BENCH_WRITE_DOCS=0 leaves docs/reliability.md alone; FAULTS_DEBUG=1 prints each barrage answer.
 */
import { createServer } from 'node:http'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseRawHead, rawRequest, send } from './lib/http.mjs'
import { installCleanupTrap, runMain, sleep, stopProcess } from './lib/procs.mjs'
import { freePort, log, startOrigin, startWorkerd, tree, WORK, writeCapnp, writeGeneratedBlock, prepareRun } from './lib/setup.mjs'
import { ADMIN_TOKEN, makeKey, mint, ORDER_BODY, tollgateBindings } from './lib/tollgate.mjs'
import { parseCli } from '../scripts/lib/cli.mjs'

parseCli({ name: 'faults', usage: 'npm run faults', about: 'Fault-injection harness: origin and guard failures, slow bodies, timeouts; writes docs/reliability.md.', example: 'npm run faults', options: {} })


const OUT = join(WORK, 'faults')
const HARD_LIMIT_MS = 5 * 60_000
const FAULT_TIERS = { 'fault-ten': { rpm: 10, burst: 10, daily: 10 } }

installCleanupTrap()
setTimeout(() => {
  console.error('faults: hard time limit reached, stopping')
  process.exit(3)
}, HARD_LIMIT_MS).unref()

const rows = []
function row(group, fault, expected, observed, ok, coveredBy = 'bench/faults.mjs') {
  rows.push({ group, fault, expected, observed, ok: !!ok, coveredBy })
  log(`${ok ? 'PASS' : 'FAIL'} ${fault} — ${observed}`)
}

/** The "✖ what → at FIELD" issue of a config_invalid log line that names `field`. */
function issueFor(lines, field) {
  for (const l of lines) {
    try {
      const msg = JSON.parse(l).message
      const m = new RegExp(`✖ ([^\\n]*)\\n\\s*→ at (${field}[^\\n]*)`).exec(msg)
      if (m) return `✖ ${m[1].slice(0, 120)} → at ${m[2]}`
    } catch {}
  }
  return `${field} named`
}

const codeOf = (body) => /"code":"([A-Z0-9_]+)"/.exec(body ?? '')?.[1]
const isProblem = (res) => String(res.headers?.['content-type'] ?? '').startsWith('application/problem+json')
const describe = (res) => (res.status ? `${res.status} ${codeOf(res.body) ?? ''}`.trim() : `no response (${res.error ?? res.why})`) + ` in ${Math.round(res.ms)} ms`

/** A JWKS endpoint we can take down. */
async function startJwks(jwks) {
  const server = createServer((req, res) => {
    req.resume()
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' }).end(JSON.stringify(jwks))
  })
  server.keepAliveTimeout = 120_000
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: server.address().port,
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

async function main() {
  const { tollgate, wrangler } = await prepareRun(OUT)
  let origin = await startOrigin()
  const originPort = origin.port
  const key = await makeKey()
  const jwksServer = await startJwks(key.jwks)
  const deadPort = await freePort()
  const ports = { tg: await freePort(), jwks: await freePort(), cold: await freePort(), badTtl: await freePort(), badRoutes: await freePort() }
  const common = { module: tollgate.bundle, durableObjects: wrangler.durableObjects, compatibilityDate: wrangler.compatibilityDate, compatibilityFlags: wrangler.compatibilityFlags }
  const base = { originUrl: origin.url, tiers: FAULT_TIERS }
  const cfg = writeCapnp(join(OUT, 'faults.capnp'), [
    { name: 'tollgate', port: ports.tg, storageDir: join(OUT, 'do-tollgate'), bindings: tollgateBindings(wrangler, { ...base, jwks: key.jwks, overrides: { ORIGIN_TIMEOUT_MS: 1000, BODY_READ_TIMEOUT_MS: 1000 } }), ...common },
    { name: 'tollgate-jwks-url', port: ports.jwks, storageDir: join(OUT, 'do-jwks'), bindings: tollgateBindings(wrangler, { ...base, overrides: { JWKS_URL: `http://127.0.0.1:${jwksServer.port}/jwks.json` } }), ...common },
    { name: 'tollgate-jwks-cold', port: ports.cold, storageDir: join(OUT, 'do-cold'), bindings: tollgateBindings(wrangler, { ...base, overrides: { JWKS_URL: `http://127.0.0.1:${deadPort}/jwks.json` } }), ...common },
    { name: 'tollgate-bad-ttl', port: ports.badTtl, storageDir: join(OUT, 'do-bad-ttl'), bindings: tollgateBindings(wrangler, { ...base, jwks: key.jwks, overrides: { MAX_TOKEN_TTL_SECONDS: 99_999 } }), ...common },
    { name: 'tollgate-bad-routes', port: ports.badRoutes, storageDir: join(OUT, 'do-bad-routes'), bindings: tollgateBindings(wrangler, { ...base, jwks: key.jwks, extraRoutes: [{ method: 'FETCH', path: '/api/x', scopes: ['items:read'] }] }), ...common },
  ])
  let workerd = await startWorkerd(cfg, Object.values(ports), { label: 'workerd-faults' })
  const tg = `http://127.0.0.1:${ports.tg}`
  const admin = (port, agent) => send(`http://127.0.0.1:${port}/_tollgate/admin/agents/${agent}/snapshot`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, timeoutMs: 5000 })
  try {
    // ---- origin faults ---------------------------------------------------------------------
    {
      const agent = `fault-origin-${Date.now().toString(36)}`
      const token = await mint(key, { sub: agent })
      const get = (path, timeoutMs = 10_000) => send(`${tg}${path}`, { headers: { authorization: `Bearer ${token}` }, timeoutMs, agent: false })
      let sent = 0
      const slow = await get('/api/fault/slow?ms=8000')
      sent++
      row('origin', 'Origin slow (answers after 8 s; ORIGIN_TIMEOUT_MS = 1000)', '504 ORIGIN_TIMEOUT problem+json with Retry-After, after ≈ 1 s', describe(slow) + `, Retry-After ${slow.headers?.['retry-after']}`, slow.status === 504 && codeOf(slow.body) === 'ORIGIN_TIMEOUT' && isProblem(slow) && /^\d+$/.test(slow.headers['retry-after'] ?? '') && slow.ms < 3000)
      const reset = await get('/api/fault/reset')
      sent++
      row('origin', 'Origin resets the connection before any response', '502 ORIGIN_UNAVAILABLE problem+json, at once', describe(reset), reset.status === 502 && codeOf(reset.body) === 'ORIGIN_UNAVAILABLE' && isProblem(reset) && reset.ms < 3000)
      for (const variant of ['midstream', 'midstream-length']) {
        const mid = await rawRequest(ports.tg, `GET /api/fault/${variant} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`, { idleMs: 3000, timeoutMs: 10_000 })
        sent++
        const head = parseRawHead(mid.raw)
        const closed = mid.why === 'end' || mid.why === 'error'
        if (variant === 'midstream') {
          const terminated = /\r\n0\r\n\r\n$/.test(mid.raw)
          let complete = true
          try {
            JSON.parse(head.body.replace(/\r\n[0-9a-f]+\r\n/g, '').replace(/^[0-9a-f]+\r\n/, ''))
          } catch {
            complete = false
          }
          row(
            'origin',
            'Origin resets mid-stream, chunked body (200 and 18 KB sent, then a TCP reset)',
            'status stays 200 (headers were already streamed); the body stops where the origin stopped, at once: no hang, no buffering, no retry',
            `${head.status || 'no status'}, body cut at ${mid.raw.length} bytes (${complete ? 'complete JSON?!' : 'incomplete JSON'}), in ${Math.round(mid.ms)} ms; ${terminated ? 'workerd then ends the chunked response with a final 0-chunk, exactly as it does for the passthrough worker and for a bare `return fetch(…)`: runtime behaviour, the truncation is visible only in the content' : 'connection closed without a final chunk'}`,
            head.status === 200 && !complete && closed && mid.ms < 5000,
          )
        } else {
          const declared = Number(head.headers['content-length'])
          const got = Buffer.byteLength(head.body, 'latin1')
          row(
            'origin',
            'Origin resets mid-stream, Content-Length body (half of 36,012 declared bytes, then a TCP reset)',
            'status stays 200; the connection closes short of Content-Length at once, so the agent sees the truncation',
            `${head.status || 'no status'}, ${got} of ${declared} declared bytes, then ${closed ? 'connection closed' : mid.why}, in ${Math.round(mid.ms)} ms`,
            head.status === 200 && got < declared && closed && mid.ms < 5000,
          )
        }
      }
      await stopProcess(origin.proc)
      const down = await get('/api/bench/items/1')
      sent++
      row('origin', 'Origin down (process stopped, port closed)', '502 ORIGIN_UNAVAILABLE problem+json, at once', describe(down), down.status === 502 && codeOf(down.body) === 'ORIGIN_UNAVAILABLE' && isProblem(down) && down.ms < 3000)
      origin = await startOrigin({ port: originPort })
      const back = await get('/api/bench/items/1')
      sent++
      const snap = await admin(ports.tg, agent)
      const s = snap.status === 200 ? JSON.parse(snap.body) : {}
      const after = await get('/api/bench/items/2')
      sent++
      const snap2 = JSON.parse((await admin(ports.tg, agent)).body ?? '{}')
      row(
        'origin',
        'After the origin faults: no partial state left in the guard',
        'origin back → 200 at once; the guard counted each admitted request exactly once (charged at admission, nothing pending), and the next request is charged exactly 1',
        `origin back → ${describe(back)}; guard admitted ${s.admitted?.total} of ${sent - 1} sent, then ${snap2.admitted?.total} after one more; minute remaining ${s.policies?.find((p) => p.name === 'minute')?.remaining} → ${snap2.policies?.find((p) => p.name === 'minute')?.remaining}`,
        back.status === 200 && after.status === 200 && s.admitted?.total === sent - 1 && snap2.admitted?.total === sent && s.policies?.find((p) => p.name === 'minute')?.remaining - snap2.policies?.find((p) => p.name === 'minute')?.remaining === 1,
      )
    }

    // ---- JWKS ------------------------------------------------------------------------------
    {
      const jwksUrl = `http://127.0.0.1:${ports.jwks}`
      const t1 = await mint(key, { sub: 'fault-jwks-1' })
      const warm = await send(`${jwksUrl}/api/bench/items/1`, { headers: { authorization: `Bearer ${t1}` }, timeoutMs: 10_000 })
      await jwksServer.stop()
      const t2 = await mint(key, { sub: 'fault-jwks-2' })
      const afterDown = []
      for (const t of [t1, t2, t1, t2, t1]) afterDown.push(await send(`${jwksUrl}/api/bench/items/1`, { headers: { authorization: `Bearer ${t}` }, timeoutMs: 10_000 }))
      row('keys', 'JWKS endpoint goes down after warm-up', 'cached keys keep verifying: 200 for old and newly minted tokens', `warm-up ${describe(warm)}; after the endpoint stopped: ${afterDown.map((r) => r.status).join(', ')}`, warm.status === 200 && afterDown.every((r) => r.status === 200))
      const other = await makeKey('unknown-kid')
      const unknown = await send(`${jwksUrl}/api/bench/items/1`, { headers: { authorization: `Bearer ${await mint(other, { sub: 'fault-jwks-3' })}` }, timeoutMs: 10_000 })
      row('keys', 'JWKS down, token with a kid the cache does not hold', 'refused (401 TOKEN_INVALID within the refetch cooldown, or 503 KEYS_UNAVAILABLE), never admitted', describe(unknown), unknown.status === 401 || unknown.status === 503)
      const cold = []
      for (let i = 0; i < 3; i++) cold.push(await send(`http://127.0.0.1:${ports.cold}/api/bench/items/1`, { headers: { authorization: `Bearer ${t1}` }, timeoutMs: 15_000 }))
      row(
        'keys',
        'JWKS endpoint down on a cold start (nothing cached)',
        '503 KEYS_UNAVAILABLE with Retry-After, no WWW-Authenticate: never 401, never open',
        cold.map((r) => `${describe(r)}, Retry-After ${r.headers?.['retry-after']}, WWW-Authenticate ${r.headers?.['www-authenticate'] === undefined ? 'absent' : 'present'}`).join('; '),
        cold.every((r) => r.status === 503 && codeOf(r.body) === 'KEYS_UNAVAILABLE' && /^\d+$/.test(r.headers['retry-after'] ?? '') && r.headers['www-authenticate'] === undefined),
      )
    }

    // ---- configuration ---------------------------------------------------------------------
    {
      const token = await mint(key, { sub: 'fault-config' })
      for (const [port, field, detail] of [
        [ports.badTtl, 'MAX_TOKEN_TTL_SECONDS', 'at most 900'],
        [ports.badRoutes, 'ROUTES', 'method'],
      ]) {
        const res = await send(`http://127.0.0.1:${port}/api/bench/items/1`, { headers: { authorization: `Bearer ${token}` }, timeoutMs: 10_000 })
        await sleep(300)
        const logged = workerd.stderr.split('\n').filter((l) => l.includes('config_invalid'))
        const named = logged.some((l) => l.includes(field) && l.toLowerCase().includes(detail.toLowerCase()))
        row(
          'config',
          `Invalid configuration: ${field === 'ROUTES' ? 'a route with method "FETCH"' : 'MAX_TOKEN_TTL_SECONDS = 99999'}`,
          '500 GATEWAY_MISCONFIGURED problem+json that names nothing; the log line names the field and what is expected',
          `${describe(res)}; body names the field: ${String(res.body).includes(field) ? 'yes' : 'no'}; log: ${named ? `“${issueFor(logged, field)}”` : 'does not name it'}`,
          res.status === 500 && codeOf(res.body) === 'GATEWAY_MISCONFIGURED' && !String(res.body).includes(field) && named,
        )
      }
    }

    // ---- DO restart mid-window ---------------------------------------------------------------
    {
      const agent = `fault-restart-${Date.now().toString(36)}`
      const token = await mint(key, { sub: agent, tier: 'fault-ten' })
      const get = () => send(`${tg}/api/bench/items/1`, { headers: { authorization: `Bearer ${token}` }, timeoutMs: 10_000, agent: false })
      const before = []
      for (let i = 0; i < 6; i++) before.push((await get()).status)
      await stopProcess(workerd, { signal: 'SIGKILL' })
      workerd = await startWorkerd(cfg, Object.values(ports), { label: 'workerd-faults' })
      const after = []
      for (let i = 0; i < 10; i++) after.push((await get()).status)
      const snap = JSON.parse((await admin(ports.tg, agent)).body ?? '{}')
      const ok = before.every((s) => s === 200) && after.filter((s) => s === 200).length === 4 && after.filter((s) => s === 429).length === 6 && snap.admitted?.total === 10
      row('guard', 'workerd killed (SIGKILL) mid-window, restarted on the same storage (limit 10/day)', '6 admitted before; after the restart exactly 4 more admitted, then 429: the counters persisted', `before: ${before.join(',')}; after restart: ${after.join(',')}; guard admitted ${snap.admitted?.total}`, ok)
    }

    // ---- bad-input barrage -------------------------------------------------------------------
    {
      await origin.reset()
      const agent = `fault-barrage-${Date.now().toString(36)}`
      const token = await mint(key, { sub: agent })
      let n = 0
      const ids = []
      const nextId = () => {
        const id = `barrage-${String(++n).padStart(4, '0')}`
        ids.push(id)
        return id
      }
      const post = (body, headers = {}) => send(`${tg}/api/bench/orders`, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': nextId(), ...headers }, timeoutMs: 15_000, agent: false })
      const raw = (lines, body = '', opts = {}) => {
        const id = nextId()
        const head = [...lines.slice(0, 1), `Host: 127.0.0.1:${ports.tg}`, `Authorization: Bearer ${token}`, `X-Request-Id: ${id}`, ...lines.slice(1)].join('\r\n') + '\r\n\r\n'
        return rawRequest(ports.tg, body ? [Buffer.from(head, 'latin1'), body] : Buffer.from(head, 'latin1'), opts)
      }
      const barrage = []
      let stalledRow
      const expect4xx = (name, res, codes) => {
        const status = res.status
        const code = res.raw !== undefined ? codeOf(parseRawHead(res.raw).body) : codeOf(res.body)
        if (process.env.FAULTS_DEBUG) console.error(name, status, (res.raw !== undefined ? parseRawHead(res.raw).body : res.body)?.slice(0, 300))
        barrage.push({ name, status, code, ok: status >= 400 && status < 500 && (!codes || codes.includes(code) || (code === undefined && codes.includes(String(status)))), ms: res.ms, hung: res.hung })
      }
      expect4xx('truncated JSON', await post(ORDER_BODY.slice(0, 500)), ['MALFORMED_JSON'])
      expect4xx('huge JSON (2 MiB, Content-Length)', await post(JSON.stringify({ notes: 'x'.repeat(2 * 1024 * 1024) })), ['BODY_TOO_LARGE'])
      {
        const id = nextId()
        const chunk = Buffer.alloc(64 * 1024, 0x20)
        const parts = [`POST /api/bench/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nX-Request-Id: ${id}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`]
        for (let i = 0; i < 40; i++) parts.push(`${chunk.length.toString(16)}\r\n`, chunk, '\r\n')
        parts.push('0\r\n\r\n')
        expect4xx('huge JSON (2.5 MiB, chunked, no Content-Length)', await rawRequest(ports.tg, parts, { timeoutMs: 15_000 }), ['BODY_TOO_LARGE'])
      }
      expect4xx('deeply nested JSON (100,000 levels)', await post('['.repeat(100_000) + ']'.repeat(100_000)), ['JSON_TOO_COMPLEX'])
      expect4xx('key bomb (5,000 keys)', await post(JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 1])))), ['JSON_TOO_COMPLEX'])
      expect4xx('invalid UTF-8 (0xC3 0x28 in a string)', await post(Buffer.concat([Buffer.from('{"customer":{"id":"c-1","email":"a@b.c","name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')])), ['INVALID_UTF8'])
      expect4xx('invalid UTF-8 (encoded surrogate 0xED 0xA0 0x80)', await post(Buffer.concat([Buffer.from('{"notes":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])), ['INVALID_UTF8'])
      expect4xx('invalid UTF-8 (overlong 0xC0 0xAE)', await post(Buffer.concat([Buffer.from('{"notes":"'), Buffer.from([0xc0, 0xae]), Buffer.from('"}')])), ['INVALID_UTF8'])
      expect4xx('lying Content-Length: shorter than the body (100 of 948 bytes)', await raw(['POST /api/bench/orders HTTP/1.1', 'Content-Type: application/json', 'Content-Length: 100'], ORDER_BODY), ['MALFORMED_JSON'])
      expect4xx('lying Content-Length: longer than the body, client then closes its side', await raw(['POST /api/bench/orders HTTP/1.1', 'Content-Type: application/json', 'Content-Length: 5000'], ORDER_BODY, { halfClose: true, timeoutMs: 10_000 }), undefined)
      {
        // The client declares more than it sends and then stalls with the connection open
        // (BODY_READ_TIMEOUT_MS is 1 s on this Tollgate).
        const stalling = raw(['POST /api/bench/orders HTTP/1.1', 'Content-Type: application/json', 'Content-Length: 5000'], ORDER_BODY, { timeoutMs: 5000 })
        await sleep(200)
        const health = await send(`${tg}/api/bench/items/1`, { headers: { authorization: `Bearer ${token}` }, timeoutMs: 5000, agent: false })
        stalledRow = { stalled: await stalling, health }
      }
      expect4xx('lying Content-Length: over the limit (declares 10 MiB)', await raw(['POST /api/bench/orders HTTP/1.1', 'Content-Type: application/json', `Content-Length: ${10 * 1024 * 1024}`], ORDER_BODY.slice(0, 100), { timeoutMs: 10_000 }), ['BODY_TOO_LARGE'])
      const manyHeaders = Array.from({ length: 10_000 }, (_, i) => `X-Bench-${i}: v${i}`)
      expect4xx('10,000 request headers', await raw(['GET /api/bench/items/1 HTTP/1.1', ...manyHeaders], '', { timeoutMs: 10_000 }), undefined)
      expect4xx('one 256 KiB header value', await raw(['GET /api/bench/items/1 HTTP/1.1', `X-Big: ${'a'.repeat(256 * 1024)}`], '', { timeoutMs: 10_000 }), undefined)
      const traversals = [
        '/api/bench/items/../../../../etc/passwd',
        '/../../etc/passwd',
        '/api/bench/items/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
        '/api/bench/items/..%2f..%2f..%2fetc%2fpasswd',
        '/api/bench/items/%2e%2e%2f%2e%2e%2fadmin',
        '/api/bench/items/%252e%252e%252f%252e%252e%252fadmin',
        '/api/bench/items/..%5c..%5cadmin',
        '/api/bench/items/..\\..\\admin',
        '/api/bench/items/..;/..;/admin',
        '/api/bench/items/%00',
        '/api/bench/items/1%0d%0aX-Injected:%201',
        '/api/bench/items/%c0%ae%c0%ae/%c0%ae%c0%ae/admin',
        '/api/bench/items/%e0%80%ae%e0%80%ae/admin',
        '//api//bench//items/./1/../../../../_tollgate/admin/agents/x/snapshot',
        `/api/bench/items/${'a/'.repeat(1500)}`,
      ]
      for (const p of traversals) expect4xx(`path ${p.length > 60 ? p.slice(0, 40) + '… (' + p.length + ' chars)' : p}`, await raw([`GET ${p} HTTP/1.1`], '', { timeoutMs: 10_000 }), undefined)
      await sleep(500)
      const os = await origin.stats(true)
      const reached = os.ids.filter((id) => id.startsWith('barrage-'))
      row(
        'input',
        'Lying Content-Length: declares 5,000 bytes, sends 948, then stalls with the connection open',
        '408 BODY_TIMEOUT once BODY_READ_TIMEOUT_MS (1 s here) passes, the origin not contacted; other requests are unaffected meanwhile',
        `${stalledRow.stalled.hung ? 'no answer within 5 s' : `${stalledRow.stalled.status} ${codeOf(parseRawHead(stalledRow.stalled.raw).body) ?? ''} in ${stalledRow.stalled.ms} ms`}; a concurrent request: ${describe(stalledRow.health)}`,
        stalledRow.stalled.status === 408 && codeOf(parseRawHead(stalledRow.stalled.raw).body) === 'BODY_TIMEOUT' && stalledRow.stalled.ms >= 900 && stalledRow.stalled.ms < 4000 && stalledRow.health.status === 200,
      )
      for (const b of barrage) row('input', `Bad input: ${b.name}`, '4xx, nothing reaches the origin', `${b.status ?? 'no response'}${b.code ? ` ${b.code}` : ''}${b.hung ? ' (hung)' : ''} in ${Math.round(b.ms)} ms`, b.ok && !b.hung)
      row('input', `Bad-input barrage: ${barrage.length + 1} requests`, 'the origin receives none of them', `origin received ${os.total} requests during the barrage: ${reached.length} barrage ids, ${os.total - reached.length} the health check`, reached.length === 0 && os.total === 1)
    }
  } finally {
    await stopProcess(workerd)
    await stopProcess(origin.proc)
    await jwksServer.stop().catch(() => {})
  }
  const md = render()
  writeFileSync(join(OUT, 'results.json'), JSON.stringify(rows, null, 2))
  writeFileSync(join(OUT, 'results.md'), md)
  console.log('\n' + md)
  writeDocs(md)
  const failed = rows.filter((r) => !r.ok)
  console.log(`${rows.length - failed.length}/${rows.length} rows passed`)
  if (failed.length > 0) process.exitCode = 1
}

function render() {
  const lines = [`Run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${tree.mode === 'worktree' ? `working tree at ${tree.commit}` : `commit ${tree.commit}`}.`, '', '| fault | expected | observed | result |', '|---|---|---|---|']
  for (const r of rows) lines.push(`| ${r.fault.replace(/\|/g, '\\|')} | ${r.expected} | ${r.observed.replace(/\|/g, '\\|')} | ${r.ok ? 'pass' : '**FAIL**'} |`)
  return lines.join('\n') + '\n'
}

function writeDocs(md) {
  if (process.env.BENCH_WRITE_DOCS === '0') return
  writeGeneratedBlock('docs/reliability.md', 'faults:results', 'npm run faults', md)
}

runMain(main)
