/**
 * @module The `workers` test project: the edge worker in workerd, configured by the demo config
 * (demo/wrangler.jsonc, with its compiled route table), with real SQLite-backed Durable Objects and
 * the demo origin as an auxiliary worker behind the ORIGIN service binding.
 */
import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { buildSync } from 'esbuild'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { unstable_readConfig } from 'wrangler'
import { defineConfig } from 'vitest/config'
import { issuerTestBindings } from './test/workers/issuer/bindings'
import { riskTestBindings } from './test/workers/risk/bindings'

// Auxiliary workers must be plain JS (TOOLCHAIN.md): bundle the demo origin once per run.
const ORIGIN_BUNDLE = '.wrangler/test-build/origin.js'
buildSync({ entryPoints: ['demo/src/origin.ts'], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], outfile: ORIGIN_BUNDLE, logLevel: 'error' })
// A scripted hostile MCP server (test/workers/mcp/hostile-origin.ts), bound as HOSTILE.
const HOSTILE_BUNDLE = '.wrangler/test-build/hostile-origin.js'
buildSync({ entryPoints: ['test/workers/mcp/hostile-origin.ts'], bundle: true, format: 'esm', platform: 'neutral', outfile: HOSTILE_BUNDLE, logLevel: 'error' })

export const DEMO_CONFIG = './demo/wrangler.jsonc'
const wrangler = unstable_readConfig({ config: DEMO_CONFIG })
const origin = unstable_readConfig({ config: './demo/origin.wrangler.jsonc' })
const demoEnv = readFileSync('demo/demo.env', 'utf8')
const demoValue = (name: string) => demoEnv.match(new RegExp(`^${name}=(.*)$`, 'm'))?.[1]?.replace(/\\\$/g, '$')

/** Routes only tests need: origin failure hooks on the demo origin. */
const TEST_ROUTES = [
  { method: 'GET', path: '/api/slow', scopes: ['products:read'], cost: 1 },
  { method: 'GET', path: '/api/stream', scopes: ['products:read'], cost: 1 },
  { method: 'GET', path: '/api/redirect', scopes: ['products:read'], cost: 1 },
  { method: 'POST', path: '/api/echo-open', scopes: ['products:read'], cost: 1, failMode: 'open', screening: 'off' },
  { method: 'POST', path: '/api/raw', scopes: ['products:read'], cost: 1, screening: 'off' },
]

/** Tests fake the edge's clock (risk scenarios jump days ahead); the origin's stays real, so its skew allowance is wide. */
const TEN_YEARS = 10 * 365 * 86_400

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'

/** The edge's bindings on top of the demo config (shared with the openapi project). */
export function edgeBindings(): Record<string, unknown> {
  return {
    JWT_JWKS: demoValue('JWT_JWKS') ?? '',
    ORIGIN_ASSERTION_KEYS: demoValue('ORIGIN_ASSERTION_KEYS') ?? '',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ROUTES: [...((wrangler.vars['ROUTES'] as unknown[]) ?? []), ...TEST_ROUTES],
    ORIGIN_TIMEOUT_MS: 1_000,
    ...issuerTestBindings(),
    ...riskTestBindings(),
  }
}

/** The demo origin as an auxiliary worker (it verifies gate assertions like a deployed origin). */
export function originWorker() {
  const vars = { ...(origin.vars as Record<string, string>), TOLLGATE_CLOCK_TOLERANCE_SECONDS: TEN_YEARS }
  return { name: 'tollgate-demo-origin', modules: true, scriptPath: ORIGIN_BUNDLE, compatibilityDate: origin.compatibility_date, bindings: vars }
}

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: DEMO_CONFIG },
      miniflare: {
        bindings: edgeBindings(),
        // Test-only auxiliary workers: the second-opinion classifier (plain JS already), passed as
        // SECOND_OPINION per test, and the scripted hostile MCP origin (test/workers/mcp/hostile.ts).
        serviceBindings: { CLASSIFIER: 'tollgate-test-classifier', HOSTILE: 'tollgate-hostile-origin' },
        workers: [
          originWorker(),
          { name: 'tollgate-test-classifier', modules: true, scriptPath: 'test/fixtures/screening/classifier.mjs', compatibilityDate: '2026-04-20' },
          { name: 'tollgate-hostile-origin', modules: true, scriptPath: HOSTILE_BUNDLE, compatibilityDate: '2026-04-20' },
        ],
      },
    }),
  ],
  // The bundle's route table, as demo/wrangler.jsonc's `alias` selects it for wrangler.
  resolve: { alias: { '#tollgate/routes': fileURLToPath(new URL('./demo/routes.generated.ts', import.meta.url)) } },
  test: {
    name: 'workers',
    include: ['test/workers/**/*.test.ts'],
    testTimeout: 20_000,
    // Decision log lines are asserted where they matter (spies); show them only for failures.
    silent: 'passed-only',
  },
})
