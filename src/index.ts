/** @module Worker entry: picks the app for this env's configuration, and exports the AgentGuard class. */
import type { Hono } from 'hono'
import { buildApp, misconfiguredApp } from './app'
import { ConfigError, loadConfig } from './config/load'
import type { Config } from './config/schema'
import type { Bindings, GatewayEnv } from './pipeline/types'

export { AgentGuard } from './guard/agent-guard'
export { ToolPins } from './mcp/tool-pins'
export { ClientAuthLimiter } from './issuer/client-auth-limiter'
export { SecurityEventLog } from './events/event-log'
export { AdminAuthLimiter } from './admin/auth-limiter'

const apps = new WeakMap<Config, Hono<GatewayEnv>>()
let fallback: Hono<GatewayEnv> | undefined
const reported = new WeakSet<object>()

/** Config is parsed once per env object; an invalid one is logged once with every field named. */
export function appFor(env: object): Hono<GatewayEnv> {
  try {
    const config = loadConfig(env)
    let app = apps.get(config)
    if (!app) {
      app = buildApp(config)
      apps.set(config, app)
    }
    return app
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    if (!reported.has(env)) {
      reported.add(env)
      console.error(JSON.stringify({ event: 'config_invalid', message: error.message }))
    }
    return (fallback ??= misconfiguredApp())
  }
}

export default {
  fetch(request, env, ctx) {
    return appFor(env).fetch(request, env, ctx)
  },
} satisfies ExportedHandler<Bindings>
