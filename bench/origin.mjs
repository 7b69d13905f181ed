#!/usr/bin/env node
/**
 * @module The bench origin: a plain Node HTTP server on 127.0.0.1 that counts what reaches it.
 *
 * Every request outside /__origin/ is counted by X-Agent-Id and by X-Request-Id (duplicates are
 * counted too), so a harness can prove "the origin received exactly the admitted requests".
 * Fault paths (used by bench/faults.mjs): /api/fault/slow?ms=N, /api/fault/reset (socket destroyed
 * before any response), /api/fault/midstream[-length] (200, part of a chunked body, or half of a
 * declared Content-Length, then a TCP reset).
 * Control: GET /__origin/stats[?ids=1], POST /__origin/reset, POST /__origin/exit.
 *
 * Usage: node bench/origin.mjs [port]   (prints {"port":N} once listening)
 */
import { createServer } from 'node:http'

const port = Number(process.argv[2] ?? 0)
const MAX_HOLD_MS = 30_000

let stats
function resetStats() {
  stats = { total: 0, bodyBytes: 0, byAgent: new Map(), ids: new Set(), duplicateIds: 0, withoutId: 0, paths: new Map() }
}
resetStats()

const reply = JSON.stringify({ ok: true, items: [{ id: 1, name: 'bench item', price: 12.5 }] })

const server = createServer((req, res) => {
  const url = req.url ?? '/'
  if (url.startsWith('/__origin/')) return control(req, res, url)
  const agent = String(req.headers['x-agent-id'] ?? '-')
  const id = req.headers['x-request-id']
  stats.total++
  stats.byAgent.set(agent, (stats.byAgent.get(agent) ?? 0) + 1)
  if (typeof id === 'string') {
    if (stats.ids.has(id)) stats.duplicateIds++
    else stats.ids.add(id)
  } else stats.withoutId++
  const path = url.split('?')[0]
  stats.paths.set(path, (stats.paths.get(path) ?? 0) + 1)
  let bytes = 0
  req.on('data', (c) => (bytes += c.length))
  req.on('error', () => {})
  req.on('end', () => {
    stats.bodyBytes += bytes
    if (path.startsWith('/api/fault/')) return fault(path.slice('/api/fault/'.length), url, req, res)
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) })
    res.end(reply)
  })
})

function fault(mode, url, req, res) {
  const ms = Math.min(Number(new URL(url, 'http://x').searchParams.get('ms') ?? 5000), MAX_HOLD_MS)
  switch (mode) {
    case 'slow': {
      const t = setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('late'), ms)
      res.on('close', () => clearTimeout(t))
      return
    }
    case 'reset':
      return req.socket.destroy()
    case 'midstream':
    case 'midstream-length': {
      // -length declares the full Content-Length (36,012 bytes) and sends half; the other is chunked.
      res.writeHead(200, { 'content-type': 'application/json', ...(mode === 'midstream-length' ? { 'content-length': 10 + 9 * 4000 + 2 } : {}) })
      res.write('{"items":[' + '{"id":1},'.repeat(2000))
      // resetAndDestroy: a TCP RST, as a crashed or reset peer sends (plain destroy() is a clean FIN).
      const t = setTimeout(() => req.socket.resetAndDestroy(), 50)
      res.on('close', () => clearTimeout(t))
      return
    }
    default:
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
  }
}

function control(req, res, url) {
  const u = new URL(url, 'http://x')
  req.resume()
  req.on('end', () => {
    if (u.pathname === '/__origin/stats') {
      const body = {
        total: stats.total,
        bodyBytes: stats.bodyBytes,
        duplicateIds: stats.duplicateIds,
        withoutId: stats.withoutId,
        distinctIds: stats.ids.size,
        byAgent: Object.fromEntries(stats.byAgent),
        paths: Object.fromEntries(stats.paths),
        ...(u.searchParams.get('ids') === '1' ? { ids: [...stats.ids] } : {}),
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    } else if (u.pathname === '/__origin/reset') {
      resetStats()
      res.writeHead(204).end()
    } else if (u.pathname === '/__origin/exit') {
      res.writeHead(204).end()
      setTimeout(() => process.exit(0), 10)
    } else res.writeHead(404).end()
  })
}

// workerd pools connections to the origin: never close an idle one under it (that would surface
// as a spurious 502), and never cap requests per socket.
server.keepAliveTimeout = 120_000
server.headersTimeout = 130_000
server.requestTimeout = 0
server.maxRequestsPerSocket = 0
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n')
})
process.on('SIGTERM', () => process.exit(0))
