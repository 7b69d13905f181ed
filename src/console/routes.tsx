/** @jsxImportSource hono/jsx */
/**
 * @module The operator console under `<ADMIN_PREFIX>/console`: sign-in, the four views, and the actions.
 *
 * Thin handlers: data comes from data.ts, pages from views/, access rules from auth.ts. Actions go
 * to the same Durable Objects the admin API uses (the agent's guard, the origin's ToolPins), so
 * they apply on the agent's very next request. Every response carries a strict CSP with no inline
 * script or style, and `Cache-Control: no-store`.
 */
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { adminAttempt } from '../admin/attempt'
import { auditAction } from '../admin/audit'
import { timingSafeEqualStrings } from '../admin/constant-time'
import { AGENT_ID } from '../auth/principal'
import type { Config } from '../config/schema'
import { TOOL_NAME } from '../config/mcp'
import { deny } from '../errors/denial'
import { queryEvents } from '../events/client'
import { parseEventQuery } from '../events/query'
import { recordEvent } from '../events/record'
import { addressKey, clientAddress } from '../lib/client-address'
import { isForm } from '../input/body'
import { readRequestBody } from '../input/read'
import { inputDenial } from '../input/reasons'
import { decodeUtf8 } from '../input/text'
import { approvePin, listPins, pinsStore } from '../mcp/pins-cache'
import type { PinRow } from '../mcp/pins-core'
import type { GatewayEnv } from '../pipeline/types'
import { CONSOLE_CSS, CONSOLE_ICON, CONSOLE_JS } from './assets'
import { checkCsrf, endSession, requireOperator, sameOrigin, startSession, transportOk, type ConsoleEnv } from './auth'
import { loadOverview, logNotice, snapshotOf } from './data'
import { AgentPage } from './views/agent'
import { FeedPage } from './views/feed'
import type { Page } from './views/layout'
import { LoginPage } from './views/login'
import { OverviewPage } from './views/overview'
import { PinsPage } from './views/pins'
import type { Context } from 'hono'

type C = Context<ConsoleEnv>

const CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
}

/** Fixed messages for redirects after an action: the query names one, it never carries text. */
const DONE: Readonly<Record<string, string>> = {
  block: 'Blocked: the agent is refused from its next request.',
  unblock: 'Unblocked: the agent is allowed again from its next request.',
  revoke: 'Every token issued to this agent until now is revoked.',
  reset: 'Usage, counters and profile reset.',
  approve: 'New definition approved: agents see it from now on.',
  reject: 'Change rejected: the pinned definition stays, the quarantine is lifted.',
}
const FAILED: Readonly<Record<string, string>> = {
  guard: "The agent's guard did not answer; nothing changed.",
  reason: 'A block needs a reason (1 to 500 characters).',
  duration: 'Unknown block duration.',
  approve: 'That definition is no longer the one awaiting review; reload and look again.',
  pins: 'The pins store did not answer; nothing changed.',
}

const MAX_FORM_BYTES = 8_192
const MAX_BLOCK_SECONDS = 10 * 365 * 86_400

async function form(c: C): Promise<Record<string, unknown>> {
  if (!isForm(c.req.header('content-type'))) throw inputDenial('media_type', 'console_')
  const read = await readRequestBody(c.req.raw, MAX_FORM_BYTES, c.get('config').body.readTimeoutMs)
  if (!read.ok) throw inputDenial(read.reason, 'console_')
  const text = decodeUtf8(read.bytes)
  if (text === undefined) throw inputDenial('utf8', 'console_')
  return Object.fromEntries(new URLSearchParams(text))
}

function page(c: C, active: Page['active'], base: string): Page {
  const op = c.get('operator')
  return { base, csrf: op.csrf, operator: op.subject, active }
}

export function consoleRoutes(config: Config): Hono<ConsoleEnv> {
  const base = `${config.admin.prefix}/console`
  const app = new Hono<ConsoleEnv>()
  app.use('*', secureHeaders({ contentSecurityPolicy: CSP, xFrameOptions: 'DENY', referrerPolicy: 'no-referrer', crossOriginResourcePolicy: 'same-origin' }))
  app.use('*', async (c, next) => {
    await next()
    c.header('cache-control', 'no-store')
  })

  app.get('/assets/console.css', (c) => c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }))
  app.get('/assets/console.js', (c) => c.body(CONSOLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
  app.get('/assets/icon.svg', (c) => c.body(CONSOLE_ICON, 200, { 'content-type': 'image/svg+xml' }))

  const loginPage = (c: C, status: 200 | 401 | 429, error?: string) =>
    c.html(<LoginPage base={base} error={error} tokenLogin={config.admin.token !== undefined} access={config.console.access !== undefined} />, status)

  app.get('/login', (c) => {
    if (!config.console.enabled) throw deny('ROUTE_NOT_FOUND', 'console_disabled')
    if (!transportOk(c).ok) throw deny('TLS_REQUIRED', 'console_over_http')
    return loginPage(c, 200)
  })
  app.post('/login', async (c) => {
    const token = config.admin.token
    if (!config.console.enabled || token === undefined) throw deny('ROUTE_NOT_FOUND', 'console_token_login_disabled')
    if (!transportOk(c).ok) throw deny('TLS_REQUIRED', 'console_over_http')
    if (!sameOrigin(c)) throw deny('CSRF_REJECTED', 'console_login_cross_origin')
    const body = await form(c)
    const presented = typeof body['token'] === 'string' ? body['token'] : ''
    const result = await adminAttempt(c as unknown as Context<GatewayEnv>, () => timingSafeEqualStrings(presented, token))
    if (result.ok) {
      await startSession(c, 'admin-token')
      return c.redirect(base, 303)
    }
    const throttled = result.throttled !== undefined
    recordEvent(c as unknown as Context<GatewayEnv>, {
      kind: 'auth_failure',
      code: throttled ? 'ADMIN_AUTH_THROTTLED' : 'ADMIN_UNAUTHORIZED',
      agentId: null,
      endpoint: `POST ${base}/login`,
      reason: throttled ? 'console_login_throttled' : 'console_login_wrong_token',
      status: throttled ? 429 : 401,
      risk: 0,
      details: { surface: 'console', client: addressKey(clientAddress(c.req.raw.headers)) },
    })
    if (throttled) {
      c.header('retry-after', String(result.throttled))
      return loginPage(c, 429, `Too many failed sign-ins. Try again in ${result.throttled} s.`)
    }
    return loginPage(c, 401, 'That is not the admin token.')
  })

  app.use('*', requireOperator(`${base}/login`))

  app.post('/logout', async (c) => {
    await checkCsrf(c, await form(c))
    endSession(c)
    return c.redirect(`${base}/login`, 303)
  })

  app.get('/', async (c) => c.html(<OverviewPage page={page(c, 'overview', base)} model={await loadOverview(config, Date.now())} />))

  app.get('/events', async (c) => {
    const params = new URL(c.req.url).searchParams
    const parsed = parseEventQuery(params, Date.now())
    const minutes = Number(params.get('minutes') || NaN)
    const filter = {
      agent: params.get('agent') || undefined,
      code: params.get('code') || undefined,
      kind: params.get('kind') || undefined,
      minutes: Number.isInteger(minutes) ? minutes : undefined,
      live: params.get('live') === '1',
    }
    const notice = logNotice(config)
    if (!parsed.ok) {
      return c.html(<FeedPage page={page(c, 'feed', base)} filter={filter} events={[]} notices={notice ? [notice] : []} error={`Invalid filter: ${parsed.errors.map((e) => `${e.pointer.slice(1)} (${e.message})`).join('; ')}`} />, 400)
    }
    const result = await queryEvents(config.console.eventLog, parsed.query)
    const notices = [...(notice ? [notice] : []), ...(result.failedShards > 0 ? [`${result.failedShards} of ${result.shards} event-log shards did not answer.`] : [])]
    return c.html(<FeedPage page={page(c, 'feed', base)} filter={filter} events={result.events} notices={notices} />)
  })

  app.get('/agents', (c) => {
    const id = c.req.query('id') ?? ''
    return c.redirect(AGENT_ID.test(id) ? `${base}/agents/${encodeURIComponent(id)}` : `${base}/events`, 303)
  })

  const agentParam = (c: C): string => {
    const id = c.req.param('id') ?? ''
    if (!AGENT_ID.test(id)) throw deny('ADMIN_BAD_REQUEST', 'agent_id_invalid')
    return id
  }
  const flash = (c: C) => ({ ok: DONE[c.req.query('done') ?? ''], error: FAILED[c.req.query('failed') ?? ''] })

  app.get('/agents/:id', async (c) => {
    const id = agentParam(c)
    const [snapshot, events] = await Promise.all([snapshotOf(config, id), queryEvents(config.console.eventLog, { agent: id, limit: 50 })])
    return c.html(<AgentPage page={page(c, 'agent', base)} agentId={id} snapshot={snapshot} events={events.events} flash={flash(c)} />)
  })

  app.post('/agents/:id/:action{block|unblock|revoke|reset}', async (c) => {
    const id = agentParam(c)
    const body = await form(c)
    await checkCsrf(c, body)
    const action = c.req.param('action') as 'block' | 'unblock' | 'revoke' | 'reset'
    const back = (q: string) => c.redirect(`${base}/agents/${encodeURIComponent(id)}?${q}`, 303)
    const guard = config.clients.guard
    let reason = ''
    try {
      if (action === 'block') {
        reason = typeof body['reason'] === 'string' ? body['reason'].trim() : ''
        if (reason.length < 1 || reason.length > 500) return back('failed=reason')
        const raw = typeof body['duration'] === 'string' ? body['duration'] : ''
        const seconds = raw === '' ? null : Number(raw)
        if (seconds !== null && !(Number.isInteger(seconds) && seconds > 0 && seconds <= MAX_BLOCK_SECONDS)) return back('failed=duration')
        await guard.block(id, { until: seconds === null ? null : Date.now() + seconds * 1000, reason })
      } else if (action === 'unblock') await guard.unblock(id)
      else if (action === 'revoke') await guard.revoke(id, { before: Math.floor(Date.now() / 1000) + 1 })
      else await guard.reset(id)
    } catch {
      return back('failed=guard')
    }
    auditAction(c as unknown as Context<GatewayEnv>, 'console', action === 'revoke' ? 'revoke_all' : action, id, reason)
    return back(`done=${action}`)
  })

  app.get('/pins', async (c) => {
    let rows: PinRow[] = []
    let unavailable: string | undefined
    try {
      const { store, key } = pinsStore(config)
      rows = await listPins(store, key, config.mcp.pinCacheMs)
    } catch {
      unavailable = 'The MCP pins store (TOOL_PINS) is not bound or did not answer.'
    }
    return c.html(<PinsPage page={page(c, 'pins', base)} rows={rows} unavailable={unavailable} flash={flash(c)} />)
  })

  app.post('/pins/:name/review', async (c) => {
    const name = c.req.param('name')
    if (!TOOL_NAME.test(name)) throw deny('ADMIN_BAD_REQUEST', 'tool_name_invalid')
    const body = await form(c)
    await checkCsrf(c, body)
    const hash = typeof body['hash'] === 'string' && /^[0-9a-f]{64}$/.test(body['hash']) ? body['hash'] : undefined
    const decision = body['decision'] === 'approve' || body['decision'] === 'reject' ? body['decision'] : undefined
    if (!hash || !decision) throw deny('ADMIN_BAD_REQUEST', 'pin_review_invalid')
    let ok = false
    try {
      const { store, key } = pinsStore(config)
      ok = (await approvePin(store, key, name, hash, config.mcp.pinCacheMs)).ok
    } catch {
      return c.redirect(`${base}/pins?failed=pins`, 303)
    }
    if (!ok) return c.redirect(`${base}/pins?failed=approve`, 303)
    auditAction(c as unknown as Context<GatewayEnv>, 'console', decision === 'approve' ? 'mcp_tool_approve' : 'mcp_tool_reject', `tool:${name}`, hash)
    return c.redirect(`${base}/pins?done=${decision}`, 303)
  })

  app.all('*', () => {
    throw deny('ROUTE_NOT_FOUND', 'console_unknown_route')
  })
  return app
}
