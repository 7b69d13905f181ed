/**
 * @module Stage: inspect everything the agent sent. Strict body decoding and limits, the route's
 * JSON Schema, and screening of every string (path and query parameters, listed headers, body).
 *
 * A rejection is recorded in c.get('inspection'), not thrown: the guard must still see it (and its
 * findings) before the answer goes out (DESIGN.md: findings of denied requests reach the DO).
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { deny, type DenialError } from '../errors/denial'
import type { ScreeningSummary } from '../guard/protocol'
import { FORM_TOKEN_PARAM } from '../auth/bearer'
import { parseBody, type TextItem } from '../input/body'
import { inputDenial } from '../input/reasons'
import { screenRequest } from '../screening/request'
import { allRuleIds, summarize } from '../screening/summary'
import { NO_FINDINGS, type GatewayEnv } from './types'

/** Every string the agent controls outside the body: path params, query keys and values, listed headers. */
export function requestStrings(c: Context<GatewayEnv>): TextItem[] {
  const items: TextItem[] = []
  for (const [name, value] of Object.entries(c.get('params'))) items.push({ location: `path:${name}`, text: value })
  for (const [k, v] of c.get('url').searchParams) items.push({ location: `query:${k.slice(0, 64)}#key`, text: k }, { location: `query:${k.slice(0, 64)}`, text: v })
  for (const h of c.get('config').screening.headers) {
    const v = c.req.raw.headers.get(h)
    if (v) items.push({ location: `header:${h}`, text: v })
  }
  return items
}

export const inspect = createMiddleware<GatewayEnv>(async (c, next) => {
  if (c.get('inspection')?.rejection) return next()
  const route = c.get('route')
  const config = c.get('config')
  const items = requestStrings(c)
  let rejection: DenialError | undefined
  let value: unknown
  let hasBody = false
  if (c.get('body')) {
    const parsed = parseBody(c.get('body').bytes, c.req.header('content-type') ?? null, config.body.json)
    if (!parsed.ok) rejection = inputDenial(parsed.reason)
    else {
      // RFC 6750 §3.1: a token in the body besides the header is two methods at once (invalid_request).
      if (parsed.kind === 'form' && parsed.names.has(FORM_TOKEN_PARAM)) rejection = deny('TOKEN_IN_BODY', 'form_access_token')
      items.push(...parsed.strings)
      value = parsed.value
      hasBody = parsed.kind !== 'empty'
    }
  }
  let screening: ScreeningSummary = NO_FINDINGS
  let ruleIds: string[] = []
  if (route.screening !== 'off' && items.length > 0) {
    // Field roles and the grey-zone second opinion live in screening/request.ts.
    const result = await screenRequest(config.screening, route, items)
    // Shadow routes (screening = "log") never block: a would-be block is forwarded as a flag.
    const screened = [{ result, mode: route.screening }]
    screening = summarize(screened)
    ruleIds = allRuleIds(screened)
    if (screening.verdict === 'block') rejection ??= deny('INPUT_REJECTED', `screening:${screening.ruleIds.join(',')}`)
  }
  if (!rejection && route.validate) {
    const check = route.validate(hasBody ? value : undefined)
    if (!check.ok) rejection = deny('SCHEMA_VIOLATION', 'schema', { extensions: { errors: check.errors } })
  }
  c.set('inspection', { screening, ruleIds, ...(rejection ? { rejection } : {}) })
  await next()
})
