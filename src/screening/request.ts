/** @module One request's screening as the REST inspect stage runs it: field roles from the route, the local screen, then the grey-zone second opinion. */
import type { FieldRole } from './roles'
import { compileRoles, type RoleMatcher } from './roles'
import { screenTexts } from './screen'
import { SECOND_OPINION_ID, withSecondOpinion } from './second-opinion'
import type { ScreenResult } from './types'
import type { SecondOpinionConfig, SecondOpinionMode } from '../config/screening'
import { log } from '../telemetry/log'

type Settings = {
  readonly blockThreshold: number
  readonly flagThreshold: number
  readonly ruleModes: Readonly<Record<string, 'block' | 'log' | 'off'>>
  readonly secondOpinion?: SecondOpinionConfig | undefined
}
type RouteScreening = { readonly fields?: Readonly<Record<string, FieldRole>> | undefined; readonly secondOpinion?: SecondOpinionMode | undefined; readonly key?: string }

/** Role matchers compiled once per route's `fields` object (config is parsed once, so the object is stable). */
const matchers = new WeakMap<object, RoleMatcher>()
function matcherFor(fields: Readonly<Record<string, FieldRole>>): RoleMatcher {
  let m = matchers.get(fields)
  if (!m) matchers.set(fields, (m = compileRoles(fields)))
  return m
}

/**
 * Screen the strings of one request. Items take the role their location has in `route.fields`
 * (default `text`); a `flag` verdict goes to the second opinion when one is configured. Adds no
 * work to a request whose local verdict is `none` or `block`.
 */
export async function screenRequest(settings: Settings, route: RouteScreening, items: ReadonlyArray<{ location: string; text: string }>): Promise<ScreenResult> {
  const roles = route.fields && Object.keys(route.fields).length > 0 ? matcherFor(route.fields) : undefined
  const located = roles ? items.map((it) => ({ ...it, role: roles(it.location) })) : items
  const local = screenTexts(located, { blockThreshold: settings.blockThreshold, flagThreshold: settings.flagThreshold, ruleModes: settings.ruleModes })
  if (!settings.secondOpinion || local.verdict !== 'flag') return local
  const shadow = settings.ruleModes[SECOND_OPINION_ID] === 'log'
  if (settings.ruleModes[SECOND_OPINION_ID] === 'off') return local
  const { result, outcome } = await withSecondOpinion(settings.secondOpinion, route.secondOpinion, items, local, settings.blockThreshold, shadow, Date.now())
  if (outcome !== 'score' && outcome !== 'cached' && outcome !== 'not-asked') log({ event: 'second-opinion-failed', outcome, route: route.key ?? '' })
  return result
}
