/**
 * @module Bench-only passthrough worker: the same runtime and the same forwarding code as Tollgate
 * (`src/pipeline/forward.ts`, which uses `src/proxy/headers.ts`), with no checks at all: no token,
 * no route, no body read, no guard. It is the baseline "added latency" is measured against.
 *
 * PASSTHROUGH_BODY = "buffer" (default) reads a request body into memory first, as Tollgate does
 * on routes it inspects, so forward() takes the same branch (bytes + Content-Length) as in
 * Tollgate; "stream" hands the body stream to forward() untouched (its branch for routes that do
 * not inspect the body, which streams it to the origin through a counting TransformStream).
 *
 * Bindings: ORIGIN_URL (the Node origin), PASSTHROUGH_BODY. Never deployed; bundled by bench/lib/setup.mjs.
 */
import { Hono } from 'hono'
import type { Principal } from '../src/auth/principal'
import type { Config } from '../src/config/schema'
import { forward } from '../src/pipeline/forward'
import type { GatewayEnv } from '../src/pipeline/types'

/** A fixed identity, so the origin receives the same identity headers Tollgate would add. */
const PRINCIPAL: Principal = { agentId: 'passthrough', scopes: ['bench'], tier: 'bench', jti: 'passthrough', iat: 0, exp: 0, meta: {} }

let config: Config | undefined
/** The slice of Config that forward() reads, built once per isolate like Tollgate's. */
function configFor(env: Record<string, unknown>): Config {
  return (config ??= {
    origin: { url: new URL(String(env['ORIGIN_URL'])), binding: undefined, timeoutMs: 30_000 },
    body: { maxBytes: 1024 * 1024 },
  } as unknown as Config)
}

const app = new Hono<GatewayEnv>()
app.use('*', async (c, next) => {
  c.set('config', configFor(c.env))
  c.set('requestId', crypto.randomUUID())
  c.set('principal', PRINCIPAL)
  const url = new URL(c.req.url)
  c.set('url', url)
  c.set('path', url.pathname)
  if (c.env['PASSTHROUGH_BODY'] !== 'stream' && c.req.raw.body) c.set('body', { bytes: new Uint8Array(await c.req.arrayBuffer()) })
  await next()
})
app.all('*', forward)

export default app
