/**
 * @module Risk bindings for the workers project, and a real webhook receiver on 127.0.0.1.
 *
 * Loaded by vitest.workers.config.ts in Node: the receiver is an ordinary HTTP server on an
 * ephemeral port (so parallel runs never collide), unref'd so it never keeps the run alive. The
 * Worker POSTs alerts to it with its own fetch; tests read what arrived with GET /received.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

type Received = { readonly path: string; readonly contentType: string; readonly body: unknown }

/** Starts the receiver. POST anything → 200 and recorded; GET /received?agent=<id> → those bodies. */
export async function startWebhookReceiver(): Promise<{ readonly url: string; close(): void }> {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method === 'GET' && url.pathname === '/received') {
      const agent = url.searchParams.get('agent')
      const hits = received.filter((r) => agent === null || (r.body as { tollgate?: { agentId?: string } })?.tollgate?.agentId === agent)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(hits))
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let body: unknown = null
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        body = Buffer.concat(chunks).toString('utf8')
      }
      if (received.length < 10_000) received.push({ path: url.pathname, contentType: req.headers['content-type'] ?? '', body })
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() }
}

const receiver = await startWebhookReceiver()

/** The demo's aggregation chain (docs/behavior.md) and the webhook, for every workers test. */
export function riskTestBindings(): Record<string, unknown> {
  return {
    ALERT_WEBHOOK_URL: `${receiver.url}/hook`,
    WEBHOOK_RECEIVER_URL: receiver.url,
    SENSITIVE_CHAINS: [{ name: 'profile-aggregation', steps: ['GET /api/users/me', 'GET /api/orders', 'POST /api/reviews'], window_seconds: 300 }],
  }
}
