/**
 * @module A small HTTP/1.1 client for the harness (keep-alive, bounded concurrency, per-request
 * latency) and raw-socket requests for inputs fetch() refuses to send (bad framing, 10,000 headers).
 */
import { Agent, request as httpRequest } from 'node:http'
import { connect } from 'node:net'

export function keepAliveAgent(maxSockets = 10) {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'fifo' })
}

/** One request; resolves { status, headers, body (string), ms } or { error, ms }. Never rejects. */
export function send(url, { method = 'GET', headers = {}, body, agent, timeoutMs = 30_000 } = {}) {
  const started = process.hrtime.bigint()
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6
  return new Promise((resolve) => {
    const req = httpRequest(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: ms() }))
      res.on('error', (e) => resolve({ status: res.statusCode, headers: res.headers, error: String(e.code ?? e.message), body: Buffer.concat(chunks).toString('utf8'), ms: ms() }))
      res.on('aborted', () => resolve({ status: res.statusCode, headers: res.headers, error: 'aborted', body: Buffer.concat(chunks).toString('utf8'), ms: ms() }))
    })
    req.on('timeout', () => req.destroy(new Error('client_timeout')))
    req.on('error', (e) => resolve({ error: String(e.code ?? e.message), ms: ms() }))
    if (body !== undefined) req.end(body)
    else req.end()
  })
}

/** Runs tasks (functions returning promises) with at most `concurrency` in flight; keeps order of results. */
export async function pool(tasks, concurrency) {
  const results = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    for (;;) {
      const i = next++
      if (i >= tasks.length) return
      results[i] = await tasks[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker))
  return results
}

/**
 * Writes raw bytes to 127.0.0.1:port and collects whatever comes back until the server closes,
 * `idleMs` passes without data after a response started, or `timeoutMs` is reached.
 * Resolves { raw, status, ms, hung } — `hung` means nothing at all came back in time.
 */
export function rawRequest(port, payload, { timeoutMs = 10_000, idleMs = 300, halfClose = false } = {}) {
  const started = Date.now()
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1')
    const chunks = []
    let idle
    const finish = (why) => {
      clearTimeout(idle)
      clearTimeout(hard)
      sock.destroy()
      const raw = Buffer.concat(chunks).toString('latin1')
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw)
      resolve({ raw, status: m ? Number(m[1]) : undefined, ms: Date.now() - started, hung: chunks.length === 0 && why === 'timeout', why })
    }
    const hard = setTimeout(() => finish('timeout'), timeoutMs)
    sock.on('data', (c) => {
      chunks.push(c)
      clearTimeout(idle)
      // Done as soon as one complete response with a Content-Length has arrived.
      const raw = Buffer.concat(chunks).toString('latin1')
      const end = raw.indexOf('\r\n\r\n')
      const len = end >= 0 ? /\r\ncontent-length:\s*(\d+)/i.exec(raw.slice(0, end + 2)) : null
      if (len && raw.length >= end + 4 + Number(len[1])) return finish('complete')
      idle = setTimeout(() => finish('idle'), idleMs)
    })
    sock.on('end', () => finish('end'))
    sock.on('error', () => finish('error'))
    sock.on('connect', () => {
      const parts = Array.isArray(payload) ? payload : [payload]
      for (const p of parts) sock.write(p)
      if (halfClose) sock.end()
    })
  })
}

/** The first response's status and headers from a raw HTTP/1.1 transcript. */
export function parseRawHead(raw) {
  const end = raw.indexOf('\r\n\r\n')
  const head = end >= 0 ? raw.slice(0, end) : raw
  const [statusLine, ...lines] = head.split('\r\n')
  const headers = {}
  for (const l of lines) {
    const i = l.indexOf(':')
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
  }
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]), headers, body: end >= 0 ? raw.slice(end + 4) : '' }
}
