/**
 * @module Types for the workers test project. The bindings and the main module come from the
 * generated/worker-configuration.d.ts (`npm run types`); tests also reach secrets and patched vars
 * by name.
 */
declare global {
  namespace Cloudflare {
    interface Env {
      /** The second-opinion tests' classifier (test/fixtures/screening/classifier.mjs): a test-only binding. */
      CLASSIFIER: Fetcher
      /** The scripted hostile MCP origin (test/workers/mcp/hostile-origin.ts): a test-only binding. */
      HOSTILE: Fetcher
      ADMIN_TOKEN: string
      SECURITY_EVENT_LOG: DurableObjectNamespace<import('../../src/events/event-log').SecurityEventLog>
      ADMIN_AUTH_LIMITER: DurableObjectNamespace<import('../../src/admin/auth-limiter').AdminAuthLimiter>
      [key: string]: unknown
    }
  }
}
export {}
