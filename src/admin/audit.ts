/** @module Operator actions (admin API and console) → an `admin` log line and an `admin_action` security event. */
import type { Context } from 'hono'
import { recordEvent } from '../events/record'
import type { GatewayEnv } from '../pipeline/types'
import { log } from '../telemetry/log'

/** `action` is lower_snake (block, unblock, revoke_all, mcp_tool_approve, …); the event code is its UPPER form. */
export function auditAction(c: Context<GatewayEnv>, surface: 'api' | 'console', action: string, subject: string, reason = ''): void {
  log({ event: 'admin', surface, action, subject, requestId: c.get('requestId') })
  const tool = subject.startsWith('tool:')
  recordEvent(c, {
    kind: 'admin_action',
    code: `ADMIN_${action.toUpperCase()}`.slice(0, 64),
    agentId: tool ? null : subject,
    endpoint: tool ? subject.slice(0, 256) : `${surface}:${action}`,
    reason: reason.slice(0, 256),
    status: 200,
    risk: 0,
    details: { surface },
  })
}
