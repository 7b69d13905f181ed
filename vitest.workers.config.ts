/**
 * @module The `workers` test project: the edge worker in workerd with a real SQLite-backed
 * AgentGuard and the demo origin as an auxiliary worker behind the ORIGIN service binding.
 */
import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { buildSync } from 'esbuild'
import { readFileSync } from 'node:fs'
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

const wrangler = unstable_readConfig({ config: './wrangler.toml' })
const demoJwks = readFileSync('demo/demo.env', 'utf8').match(/^JWT_JWKS=(.*)$/m)?.[1]

/** Routes only tests need: origin failure hooks on the demo origin. */
const TEST_ROUTES = [
  { method: 'GET', path: '/api/slow', scopes: ['products:read'], cost: 1 },
  { method: 'GET', path: '/api/stream', scopes: ['products:read'], cost: 1 },
  { method: 'GET', path: '/api/redirect', scopes: ['products:read'], cost: 1 },
  { method: 'POST', path: '/api/echo-open', scopes: ['products:read'], cost: 1, failMode: 'open', screening: 'off' },
  { method: 'POST', path: '/api/raw', scopes: ['products:read'], cost: 1, screening: 'off' },
]

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          JWT_JWKS: demoJwks ?? '',
          ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          ROUTES: [...((wrangler.vars['ROUTES'] as unknown[]) ?? []), ...TEST_ROUTES],
          ORIGIN_TIMEOUT_MS: 1_000,
          ...issuerTestBindings(),
          ...riskTestBindings(),
        },
        // Test-only auxiliary workers: the second-opinion classifier (plain JS already), passed as
        // SECOND_OPINION per test, and the scripted hostile MCP origin (test/workers/mcp/hostile.ts).
        serviceBindings: { CLASSIFIER: 'tollgate-test-classifier', HOSTILE: 'tollgate-hostile-origin' },
        workers: [
          { name: 'tollgate-demo-origin', modules: true, scriptPath: ORIGIN_BUNDLE, compatibilityDate: '2026-04-20' },
          { name: 'tollgate-test-classifier', modules: true, scriptPath: 'test/fixtures/screening/classifier.mjs', compatibilityDate: '2026-04-20' },
          { name: 'tollgate-hostile-origin', modules: true, scriptPath: HOSTILE_BUNDLE, compatibilityDate: '2026-04-20' },
        ],
      },
    }),
  ],
  test: {
    name: 'workers',
    include: ['test/workers/**/*.test.ts'],
    testTimeout: 20_000,
    // Decision log lines are asserted where they matter (spies); show them only for failures.
    silent: 'passed-only',
  },
})
