/** @module Types for the workers test project: bindings and the main module (TOOLCHAIN.md). */
declare global {
  namespace Cloudflare {
    interface Env {
      AGENT_GUARD: DurableObjectNamespace<import('../../src/guard/agent-guard').AgentGuard>
      SECURITY_EVENTS: AnalyticsEngineDataset
      ORIGIN: Fetcher
      ADMIN_TOKEN: string
      SECURITY_EVENT_LOG: DurableObjectNamespace<import('../../src/events/event-log').SecurityEventLog>
      ADMIN_AUTH_LIMITER: DurableObjectNamespace<import('../../src/admin/auth-limiter').AdminAuthLimiter>
      [key: string]: unknown
    }
    interface GlobalProps {
      mainModule: typeof import('../../src/index')
    }
  }
}
export {}
