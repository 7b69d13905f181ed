/**
 * @module Demo origin: a small REST shop (the seed scenario) that echoes what reached it.
 *
 * Every JSON answer carries `received` (method, path, query, headers, body length) so tests and
 * the README walk-through can see exactly which headers crossed the edge. Demo only.
 */
import { Hono } from 'hono'
import { handleMcp } from './mcp-server'

const PRODUCTS = Array.from({ length: 50 }, (_, i) => ({
  id: String(i + 1),
  name: ['Trail shoe', 'Rain jacket', 'Camp stove', 'Head lamp', 'Day pack'][i % 5] + ` #${i + 1}`,
  category: ['footwear', 'apparel', 'cooking', 'lighting', 'bags'][i % 5] as string,
  price: 20 + ((i * 37) % 180),
}))

type Echo = { method: string; path: string; query: string; headers: Record<string, string>; body_bytes: number }

async function received(req: Request): Promise<Echo> {
  const url = new URL(req.url)
  const body = req.body ? new Uint8Array(await req.arrayBuffer()) : new Uint8Array(0)
  return { method: req.method, path: url.pathname, query: url.search, headers: Object.fromEntries(req.headers), body_bytes: body.byteLength }
}

const app = new Hono()

/** Request ids that reached this origin (bounded), so tests can prove a denial never got here. */
const seen = new Set<string>()
const SEEN_MAX = 20_000

app.use('*', async (c, next) => {
  const id = c.req.header('x-request-id')
  if (id && !c.req.path.startsWith('/__demo/')) {
    if (seen.size >= SEEN_MAX) seen.delete(seen.values().next().value as string)
    seen.add(id)
  }
  await next()
  c.header('x-demo-origin', 'tollgate-demo')
})

/** Test hook, reachable only through the ORIGIN binding (no edge route matches /__demo). */
app.get('/__demo/seen/:id', (c) => c.json({ seen: seen.has(c.req.param('id')) }))

app.get('/api/products', async (c) => c.json({ products: PRODUCTS.slice(0, 20), received: await received(c.req.raw) }))
app.get('/api/products/:id', async (c) => {
  const product = PRODUCTS.find((p) => p.id === c.req.param('id'))
  return c.json({ product: product ?? null, received: await received(c.req.raw) }, product ? 200 : 404)
})
app.post('/api/search', async (c) => {
  const req = c.req.raw.clone()
  const body = (await c.req.json().catch(() => ({}))) as { query?: string; max_results?: number }
  const q = (body.query ?? '').toLowerCase()
  const hits = PRODUCTS.filter((p) => p.name.toLowerCase().includes(q) || p.category.includes(q)).slice(0, body.max_results ?? 10)
  return c.json({ results: hits, received: await received(req) })
})
app.post('/api/reports/generate', async (c) => c.json({ report_id: `rep-${crypto.randomUUID().slice(0, 8)}`, status: 'queued', received: await received(c.req.raw) }, 202))
app.get('/api/exports/:id', async (c) => c.json({ export_id: c.req.param('id'), rows: 1200, received: await received(c.req.raw) }))
app.get('/api/users/me', async (c) => c.json({ user: { id: 'u-42', name: 'Demo User', email: 'demo@example.test' }, received: await received(c.req.raw) }))
app.get('/api/orders', async (c) => c.json({ orders: [{ id: 'ORD-00000042', status: 'shipped' }], received: await received(c.req.raw) }))
app.post('/api/reviews', async (c) => c.json({ review_id: `rev-${crypto.randomUUID().slice(0, 8)}`, received: await received(c.req.raw) }, 201))
app.delete('/api/users/me/data', async (c) => c.json({ deleted: true, received: await received(c.req.raw) }))

/** Test hooks: a slow answer, a redirect and a streamed answer, for the origin-failure and streaming tests. */
app.get('/api/slow', async (c) => {
  await new Promise((r) => setTimeout(r, Number(c.req.query('ms') ?? 5_000)))
  return c.json({ slow: true })
})
/** A redirect to another origin path; if it were followed, the target records `followed:<request id>`. */
app.get('/api/redirect', (c) => c.redirect('/api/redirect-target', 302))
app.get('/api/redirect-target', (c) => {
  const id = c.req.header('x-request-id')
  if (id) seen.add(`followed:${id}`)
  return c.json({ followed: true })
})
app.get('/api/stream', () => {
  const enc = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (let i = 0; i < 3; i++) {
        controller.enqueue(enc.encode(`chunk-${i}\n`))
        await new Promise((r) => setTimeout(r, 10))
      }
      controller.close()
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/plain' } })
})
/**
 * A leaky answer (the data-loss scenario, docs/dlp.md): a billing profile that carries a payment
 * card, a contact address and, by an integration bug, live-looking credentials. Every value is fake.
 */
const LEAKY_BILLING = {
  account: 'acme-outdoor',
  card_on_file: '4539 1488 0343 6467',
  contact: 'ana.lopez@acmeshop.dev',
  iban: 'DE44 5001 0517 5407 3249 31',
  integration: { provider: 'payments', api_key: 'sk_live_51DemoOnly4eC39HqLyjWDarjtT1zdp7dc' },
  debug: 'aws sync failed for AKIAZ7Q3LXMBV5GDEMO2 (aws_secret_access_key=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)',
}
app.get('/api/account/billing', async (c) => c.json({ billing: LEAKY_BILLING, received: await received(c.req.raw) }))

/**
 * Test hooks for the DLP tests: answers of every shape a leak can take.
 * - `json?n=K`: K customer records, each with an e-mail address (records budgets);
 * - `big?bytes=N`: a JSON answer of about N bytes with a card at the end (the buffer bound);
 * - `text?chunk=N` / `sse?chunk=N`: a streamed answer cut every N bytes, secrets across the cuts;
 * - `binary`: application/octet-stream; `latin1`: text in ISO-8859-1; `key`: a PEM private key.
 */
const SECRET_TEXT = 'line one\nroot creds AKIAZ7Q3LXMBV5GDEMO2 then sk_live_51DemoOnly4eC39HqLyjWDarjtT1zdp7dc and card 4539148803436467\ntail\n'
function chunked(text: string, size: number, type: string): Response {
  const bytes = new TextEncoder().encode(text)
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (let i = 0; i < bytes.length; i += size) {
        controller.enqueue(bytes.slice(i, i + size))
        await new Promise((r) => setTimeout(r, 1))
      }
      controller.close()
    },
  })
  return new Response(body, { headers: { 'content-type': type } })
}
app.get('/api/leak/:kind', (c) => {
  const q = (name: string, d: number) => Math.max(1, Math.min(Number(c.req.query(name) ?? d) || d, 4 * 1024 * 1024))
  switch (c.req.param('kind')) {
    case 'json':
      return c.json({ customers: Array.from({ length: q('n', 3) }, (_, i) => ({ id: i + 1, email: `customer${i + 1}@acmeshop.dev` })) })
    case 'big':
      return c.json({ filler: 'x'.repeat(q('bytes', 2048)), card: '4539 1488 0343 6467' })
    case 'text':
      return chunked(SECRET_TEXT, q('chunk', 7), 'text/plain; charset=utf-8')
    case 'sse':
      return chunked(SECRET_TEXT.split('\n').map((l) => `data: ${l}\n\n`).join(''), q('chunk', 7), 'text/event-stream')
    case 'binary':
      return new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), { headers: { 'content-type': 'application/octet-stream' } })
    case 'latin1':
      return new Response(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), { headers: { 'content-type': 'text/plain; charset=iso-8859-1' } })
    case 'key':
      return c.json({ note: 'deploy key', key: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----' })
    default:
      return c.json({ error: 'unknown leak kind' }, 404)
  }
})

/** The demo MCP server (Streamable HTTP) behind the edge's MCP path. */
app.all('/mcp', (c) => handleMcp(c.req.raw))
app.all('*', async (c) => c.json({ error: 'not found on origin', received: await received(c.req.raw) }, 404))

export default app
