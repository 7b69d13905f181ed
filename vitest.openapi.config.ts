/**
 * @module The `openapi` test project: the same edge as the `workers` project, but with the route
 * table compiled from a large real public OpenAPI document (GitHub's REST API, @octokit/openapi)
 * in place of the demo shop's: the `#tollgate/routes` alias swaps the bundled module exactly as a
 * deployment's import would. The table is generated here, once per run, by the same importer.
 */
import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { importOpenApi } from './src/openapi/import'
import { loader, renderModule } from './scripts/routes-import'
import { edgeBindings, originWorker } from './vitest.workers.config'

const SPEC = fileURLToPath(new URL('./node_modules/@octokit/openapi/generated/api.github.com.json', import.meta.url))
const OUT = fileURLToPath(new URL('./.wrangler/test-build/github-routes.ts', import.meta.url))

const { load, resolve } = loader()
const result = importOpenApi(load(SPEC), { resolve, doc: SPEC, skipUnsupported: true })
mkdirSync(fileURLToPath(new URL('./.wrangler/test-build/', import.meta.url)), { recursive: true })
writeFileSync(OUT, renderModule(result.routes, 'node_modules/@octokit/openapi/generated/api.github.com.json', createHash('sha256').update(readFileSync(SPEC)).digest('hex')))

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './demo/wrangler.jsonc' },
      miniflare: {
        bindings: { ...edgeBindings(), ROUTES: [], SENSITIVE_CHAINS: [], OPENAPI_ROUTE_COUNT: result.routes.length, OPENAPI_OPERATION_COUNT: result.operations },
        workers: [originWorker()],
      },
    }),
  ],
  resolve: { alias: { '#tollgate/routes': OUT } },
  test: { name: 'openapi', include: ['test/openapi/**/*.test.ts'], testTimeout: 30_000, silent: 'passed-only' },
})
