/**
 * @module Bench-only worker: per-stage micro-benchmarks inside workerd, importing Tollgate's own
 * modules. GET /op?name=NAME&n=N runs NAME N times in a loop and answers { ms, n }; the caller
 * divides. performance.now() in local workerd has 1 ms resolution, so N is chosen by the caller
 * to make each batch take about 150 ms.
 *
 * Bindings: AGENT_GUARD (AgentGuard, SQLite), BENCH_FLOOR (BenchFloor, SQLite), BENCH_JSON (bench config: order body and schema).
 * Never deployed; bundled by bench/lib/setup.mjs.
 */
import { DurableObject } from 'cloudflare:workers'
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose'
import { verifyToken } from '../src/auth/verify-token'
import { DEFAULT_TIERS } from '../src/config/tiers'
import type { EvaluateInput, Verdict } from '../src/guard/protocol'
import { withTimeout } from '../src/lib/timeout'
import { DEFAULT_RISK_POLICY } from '../src/guard/risk-policy'
import { appFor } from '../src/index'
import { parseBody } from '../src/input/body'
import { schemaFor } from '../src/policy/schema'
import { DEFAULT_JSON_LIMITS } from '../src/input/json'
import { normalize } from '../src/screening/normalize'
import { screenTexts } from '../src/screening/screen'
import { compilePolicy } from '../src/dlp/policy'
import { screenAnswer } from '../src/dlp/respond'

export { AgentGuard } from '../src/guard/agent-guard'

/**
 * The runtime's floor for one guard call, for comparison with evaluate(): an RPC to a
 * SQLite-backed Durable Object that does no work (`ping`), or that writes one row of the size of
 * a guard state row (`write`, one committed write per call, as evaluate() makes).
 */
export class BenchFloor extends DurableObject<Cloudflare.Env> {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env)
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS state (id INTEGER PRIMARY KEY, body TEXT NOT NULL)')
  }

  ping(i: number): { i: number } {
    return { i }
  }

  write(body: string): { i: number } {
    this.ctx.storage.sql.exec('INSERT OR REPLACE INTO state (id, body) VALUES (1, ?)', body)
    return { i: body.length }
  }
}

type Env = { BENCH_FLOOR: DurableObjectNamespace<BenchFloor>; AGENT_GUARD: DurableObjectNamespace<import('../src/guard/agent-guard').AgentGuard>; BENCH_JSON: { order: Record<string, unknown>; schema: Record<string, unknown>; tollgate: Record<string, unknown> } }

const ISS = 'https://bench.tollgate.local'
const AUD = 'https://api.bench.tollgate.local'
const ALGS = ['HS256', 'RS256', 'ES256', 'EdDSA'] as const
type Alg = (typeof ALGS)[number]

type KeyCase = { token: string; verifyKey: CryptoKey; jwks?: ReturnType<typeof createLocalJWKSet> }
const keyCases = new Map<Alg, KeyCase>()

async function keyCase(alg: Alg): Promise<KeyCase> {
  let k = keyCases.get(alg)
  if (k) return k
  const now = Math.floor(Date.now() / 1000)
  const claims = new SignJWT({ scope: 'orders:write items:read', tier: 'premium' }).setIssuer(ISS).setAudience(AUD).setSubject('agent-micro').setIssuedAt(now).setExpirationTime(now + 900).setJti('jti-micro')
  if (alg === 'HS256') {
    const secret = crypto.getRandomValues(new Uint8Array(32))
    const key = (await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])) as CryptoKey
    k = { token: await claims.setProtectedHeader({ alg, typ: 'JWT' }).sign(key), verifyKey: key }
  } else {
    const pair = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) })
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: `k-${alg}`, alg }
    k = {
      token: await claims.setProtectedHeader({ alg, typ: 'JWT', kid: `k-${alg}` }).sign(pair.privateKey),
      verifyKey: pair.publicKey as CryptoKey,
      jwks: createLocalJWKSet({ keys: [jwk] } as JSONWebKeySet),
    }
  }
  keyCases.set(alg, k)
  return k
}

const encoder = new TextEncoder()
const UTF8_FATAL = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
const bodies = new Map<number, Uint8Array>()
/** The order body (≈1 KB) for kb=1, or a JSON array of orders reaching about kb KiB. */
function bodyOf(env: Env, kb: number): Uint8Array {
  let b = bodies.get(kb)
  if (!b) {
    const one = JSON.stringify(env.BENCH_JSON.order)
    if (kb <= 1) b = encoder.encode(one)
    else {
      const orders: unknown[] = []
      while (JSON.stringify({ orders }).length < kb * 1024) orders.push(env.BENCH_JSON.order)
      b = encoder.encode(JSON.stringify({ orders }))
    }
    bodies.set(kb, b)
  }
  return b
}

const answers = new Map<number, string>()
/** A JSON answer of about kb KiB: customer records (names, e-mail, phone, a card now and then, a key once). */
function dlpAnswer(kb: number): string {
  let a = answers.get(kb)
  if (!a) {
    const rows: unknown[] = [{ id: 0, note: 'integration key sk_live_51DemoOnly4eC39HqLyjWDarjtT1zdp7dc' }]
    for (let i = 1; JSON.stringify({ rows }).length < kb * 1024; i++) {
      rows.push({ id: i, name: `Customer ${i}`, email: `customer${i}@acmeshop.dev`, phone: `+49 30 ${1000000 + i}`, city: 'Berlin', orders: i % 7, ...(i % 10 === 0 ? { card: '4539 1488 0343 6467' } : {}) })
    }
    a = JSON.stringify({ rows })
    answers.set(kb, a)
  }
  return a
}

/** The DLP policies of the bench rows: what the demo configuration sets, all logged, nothing. */
const DLP_POLICIES = {
  redact: compilePolicy({ secret: 'redact', 'pii.card': 'redact', 'pii.iban': 'redact', pii: 'log' }, 'medium', 'block'),
  log: compilePolicy({ secret: 'log', pii: 'log' }, 'medium', 'block'),
}

function evaluateInput(i: number, agent: string): EvaluateInput {
  return {
    requestId: `r-${agent}-${i}`,
    endpoint: 'POST /api/bench/orders',
    cost: 1,
    bodyBytes: 1024,
    token: { jti: 'jti-micro', iat: Math.floor(Date.now() / 1000) - 1, exp: Math.floor(Date.now() / 1000) + 600 },
    limits: { tier: 'bench', burst: 1_000_000, rpm: 10_000_000, daily: 1_000_000_000, costPerMinute: 100_000_000 },
    screening: { score: 0, ruleIds: [], verdict: 'none' },
  }
}

let pipelineEnv: Record<string, unknown> | undefined
const fakeGuardEnvs: Record<string, Record<string, unknown>> = {}
let pipelineToken: string | undefined
/** The whole Tollgate app in-process: real config, real guard DO, an origin that answers at once. */
async function pipelineSetup(env: Env): Promise<{ env: Record<string, unknown>; token: string }> {
  if (!pipelineEnv) {
    const pair = await generateKeyPair('EdDSA', { extractable: true })
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k-pipe', alg: 'EdDSA' }
    const origin = { fetch: async () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } }), connect: () => { throw new Error('no') } }
    // TOOL_PINS is required once MCP_TOOLS declares tools (config/bindings.ts); the bench never calls MCP.
    const noPins = { getByName: () => { throw new Error('no MCP in the micro bench') } }
    pipelineEnv = { ...env.BENCH_JSON.tollgate, JWT_JWKS: { keys: [jwk] }, ORIGIN: origin, AGENT_GUARD: env.AGENT_GUARD, TOOL_PINS: noPins }
    delete pipelineEnv['ORIGIN_URL']
    // The pipeline ops never call the admin API, which needs its AdminAuthLimiter binding (absent here).
    delete pipelineEnv['ADMIN_TOKEN']
    const now = Math.floor(Date.now() / 1000)
    pipelineToken = await new SignJWT({ scope: 'orders:write items:read', tier: 'bench' }).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: 'k-pipe' }).setIssuer(ISS).setAudience(AUD).setSubject('agent-pipeline').setIssuedAt(now).setExpirationTime(now + 900).setJti(crypto.randomUUID()).sign(pair.privateKey)
  }
  return { env: pipelineEnv, token: pipelineToken! }
}

type Op = (i: number) => unknown | Promise<unknown>

async function opFor(name: string, env: Env, url: URL, ctx: ExecutionContext): Promise<Op> {
  const kb = Number(url.searchParams.get('kb') ?? 1)
  const [kind, arg] = name.split(':') as [string, string | undefined]
  switch (kind) {
    case 'noop':
      return () => undefined
    case 'jose': {
      const k = await keyCase(arg as Alg)
      return () => jwtVerify(k.token, k.verifyKey, { issuer: ISS, audience: AUD, algorithms: [arg!] })
    }
    case 'jwks': {
      // jose with the inline JWKS resolver Tollgate uses (createLocalJWKSet), no Tollgate checks.
      const k = await keyCase(arg as Alg)
      if (!k.jwks) throw new Error('jwks: asymmetric algorithms only')
      const jwks = k.jwks
      return () => jwtVerify(k.token, jwks, { issuer: ISS, audience: AUD, algorithms: [arg!] })
    }
    case 'verifyToken': {
      // Tollgate's whole token check: shape and header allow-list, duplicate claims, jose, claim policy.
      const k = await keyCase(arg as Alg)
      const opts = { issuer: ISS, audience: AUD, algorithms: [arg!], clockToleranceSeconds: 30, maxTtlSeconds: 900, tiers: DEFAULT_TIERS, defaultTier: 'free', requireJti: true }
      const keys = k.jwks ?? k.verifyKey
      return async () => {
        const r = await verifyToken(k.token, keys, opts)
        if (!r.ok) throw new Error(`verifyToken ${arg}: ${r.reason}`)
      }
    }
    case 'parse': {
      const bytes = bodyOf(env, kb)
      return () => {
        const r = parseBody(bytes, 'application/json', DEFAULT_JSON_LIMITS)
        if (!r.ok) throw new Error(`parse: ${r.reason}`)
      }
    }
    case 'screen': {
      // arg "modes": the options Tollgate's inspect stage passes (ruleModes from config, {} by default).
      const r = parseBody(bodyOf(env, kb), 'application/json', DEFAULT_JSON_LIMITS)
      if (!r.ok) throw new Error('parse')
      const ruleModes = (env.BENCH_JSON.tollgate['SCREENING_RULE_MODES'] ?? {}) as Record<string, 'block' | 'log' | 'off'>
      // "rules": the rule table without the model heads; "model": the model heads only.
      const rules = ['instruction_override', 'prompt_exfiltration', 'jailbreak_persona', 'delimiter_injection', 'tool_coercion', 'exfiltration_url', 'indirect_injection', 'multilingual_override', 'xss', 'sqli'] as const
      const opts = arg === 'modes' ? { blockThreshold: 0.7, flagThreshold: 0.3, ruleModes } : arg === 'rules' ? { categories: rules } : arg === 'model' ? { categories: ['model' as const] } : undefined
      return () => screenTexts(r.strings, opts)
    }
    case 'normalize': {
      // The per-string normaliser alone (NFKC, zero-width, homoglyphs, decode layers), every body string.
      const r = parseBody(bodyOf(env, kb), 'application/json', DEFAULT_JSON_LIMITS)
      if (!r.ok) throw new Error('parse')
      return () => {
        for (const item of r.strings) normalize(item.text)
      }
    }
    case 'dlp': {
      // arg off | log | redact: one JSON answer of kb KiB read through to the end. "off" is what a
      // route with DLP off costs: nothing but the read every answer gets anyway (the stage returns
      // before looking at it); log and redact go through screenAnswer as the DLP stage does.
      const body = encoder.encode(dlpAnswer(kb))
      const policy = arg === 'log' || arg === 'redact' ? DLP_POLICIES[arg] : undefined
      return async () => {
        const res = new Response(body, { headers: { 'content-type': 'application/json' } })
        if (!policy) return res.arrayBuffer()
        const a = await screenAnswer(res, policy, 1024 * 1024)
        if (a.kind !== 'pass') throw new Error(`dlp ${arg}: withheld ${a.code}`)
        return a.response.arrayBuffer()
      }
    }
    case 'schema': {
      const r = parseBody(bodyOf(env, 1), 'application/json', DEFAULT_JSON_LIMITS)
      if (!r.ok) throw new Error('parse')
      const check = schemaFor(env.BENCH_JSON.schema)
      return () => {
        const c = check(r.value)
        if (!c.ok) throw new Error(`schema: ${JSON.stringify(c.errors)}`)
      }
    }
    case 'evaluate': {
      // arg "risk": with the default risk policy, which the Worker sends on every call (without it
      // the guard skips risk assessment).
      const agent = url.searchParams.get('agent') ?? 'micro-warm'
      const stub = env.AGENT_GUARD.getByName(agent)
      return async (i) => {
        const v = await stub.evaluate(arg === 'risk' ? { ...evaluateInput(i, agent), resourceId: String(i % 8), risk: DEFAULT_RISK_POLICY } : evaluateInput(i, agent))
        if (v.outcome !== 'allow') throw new Error(`evaluate denied: ${v.code}`)
      }
    }
    case 'timer': {
      // The guard call's deadline: one setTimeout and its clearTimeout per request.
      return () => {
        const t = setTimeout(() => {}, 2000)
        clearTimeout(t)
      }
    }
    case 'evaluate-wrapped': {
      // As consultGuard makes it: a stub per call, the risk policy, the timeout race.
      const agent = url.searchParams.get('agent') ?? 'micro-wrapped'
      return async (i) => {
        const stub = env.AGENT_GUARD.getByName(agent)
        const v = await withTimeout(stub.evaluate({ ...evaluateInput(i, agent), resourceId: String(i % 8), risk: DEFAULT_RISK_POLICY }) as Promise<Verdict>, 2000)
        if (v.outcome !== 'allow') throw new Error(`evaluate denied: ${v.code}`)
      }
    }
    case 'floor': {
      // arg "write": one ≈ 1 KB row written per call; otherwise an empty round trip.
      const stub = env.BENCH_FLOOR.getByName(url.searchParams.get('agent') ?? 'floor')
      const row = 'x'.repeat(1024)
      return async (i) => {
        const r = arg === 'write' ? await stub.write(row) : await stub.ping(i)
        if (typeof r.i !== 'number') throw new Error('floor: bad answer')
      }
    }
    case 'evaluate-fresh': {
      const prefix = url.searchParams.get('agent') ?? `fresh-${Date.now()}`
      return async (i) => {
        const v = await env.AGENT_GUARD.getByName(`${prefix}-${i}`).evaluate(evaluateInput(i, prefix))
        if (v.outcome !== 'allow') throw new Error(`evaluate denied: ${v.code}`)
      }
    }
    case 'pipeline': {
      // arg: post (default) | get | fakeguard (post, guard answers at once) | noauth (post, no token: 401)
      const p = await pipelineSetup(env)
      let e = p.env
      if (arg === 'fakeguard' || arg === 'floorguard') {
        const verdict = await env.AGENT_GUARD.getByName('pipeline-fake').evaluate(evaluateInput(0, 'pipeline-fake'))
        // floorguard: the same fixed verdict, after an empty RPC to a DO (the runtime's floor).
        const evaluate = arg === 'floorguard' ? async () => (await env.BENCH_FLOOR.getByName('pipeline-floor').ping(0), verdict) : async () => verdict
        e = (fakeGuardEnvs[arg] ??= { ...p.env, AGENT_GUARD: { getByName: () => ({ evaluate }) } })
      }
      // get-dlp: the same GET with the demo's DLP policy on (the bench config has DLP off, the default).
      if (arg === 'get-dlp') e = (fakeGuardEnvs[arg] ??= { ...p.env, DLP_POLICY: { secret: 'redact', 'pii.card': 'redact', 'pii.iban': 'redact', pii: 'log' } })
      const app = appFor(e)
      const bytes = bodyOf(env, 1)
      const get = arg === 'get' || arg === 'get-dlp'
      const expected = arg === 'noauth' ? 401 : 200
      return async () => {
        const headers: Record<string, string> = arg === 'noauth' ? {} : { authorization: `Bearer ${p.token}` }
        const init: RequestInit = get ? { headers } : { method: 'POST', body: bytes, headers: { ...headers, 'content-type': 'application/json' } }
        const res = await app.fetch(new Request(`https://edge.bench/api/bench/${get ? 'items/1' : 'orders'}`, init), e, ctx)
        await res.arrayBuffer()
        if (res.status !== expected) throw new Error(`pipeline ${arg ?? 'post'}: ${res.status} ${await res.text()}`)
      }
    }
    // --- hot-spot candidates: bench copies of a few lines from src/, the current and a proposed form ---
    case 'decodeSegment': {
      // decodeSegment() as src/auth/verify-token.ts had it before the hot-spot fix ("current" here),
      // against the form it uses now ("proposed"); kept to show what the fix bought.
      const k = await keyCase('EdDSA')
      const [h, p] = k.token.split('.') as [string, string]
      const current = (segment: string) => {
        const b64 = segment.replace(/-/g, '+').replace(/_/g, '/')
        const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0))
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
      }
      const proposed = (segment: string) => {
        const b64 = segment.replace(/-/g, '+').replace(/_/g, '/')
        const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
        const bytes = new Uint8Array(bin.length)
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
        return UTF8_FATAL.decode(bytes)
      }
      const fn = arg === 'proposed' ? proposed : current
      if (current(p) !== proposed(p) || current(h) !== proposed(h)) throw new Error('decodeSegment variants disagree')
      return () => {
        fn(h)
        fn(p)
      }
    }
    case 'cvar': {
      // Hono's c.var getter is Object.fromEntries(#var) on every access; c.get(key) is a Map lookup.
      const vars = new Map<string, unknown>(
        ['requestId', 'startedAt', 'url', 'config', 'path', 'segments', 'principal', 'route', 'params', 'body', 'inspection', 'guard', 'rpc'].map((k, i) => [k, { i }]),
      )
      let sink = 0
      return arg === 'get'
        ? () => {
            sink += (vars.get('requestId') as { i: number }).i
          }
        : () => {
            sink += (Object.fromEntries(vars)['requestId'] as { i: number }).i
          }
    }
    default:
      throw new Error(`unknown op ${name}`)
  }
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url)
    try {
      const name = url.searchParams.get('name') ?? 'noop'
      const n = Number(url.searchParams.get('n') ?? 0)
      const op = await opFor(name, env, url, ctx)
      await op(-1) // warm-up, and any one-off setup (key import, schema compile) outside the timing
      const started = performance.now()
      for (let i = 0; i < n; i++) await op(i)
      return Response.json({ name, n, ms: performance.now() - started })
    } catch (error) {
      return Response.json({ error: String(error instanceof Error ? error.stack ?? error.message : error) }, { status: 500 })
    }
  },
}
