/** @module Types for the workers test project: bindings and the main module (TOOLCHAIN.md). */
declare global {
  namespace Cloudflare {
    interface Env {
      AGENT_GUARD: DurableObjectNamespace<import('../../src/guard/agent-guard').AgentGuard>
      SECURITY_EVENTS: AnalyticsEngineDataset
      ORIGIN: Fetcher
      /** The scripted hostile MCP origin (test/workers/mcp/hostile-origin.ts). */
      HOSTILE: Fetcher
      ADMIN_TOKEN: string
      [key: string]: unknown
    }
    interface GlobalProps {
      mainModule: typeof import('../../src/index')
    }
  }
}
export {}
