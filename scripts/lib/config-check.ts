/**
 * @module What `npm run check` verifies in an effective wrangler config, before anything uploads:
 * the Worker's own zod schema (the bundle's code, with the config's aliases), Durable Object
 * bindings and migrations against the classes the Worker exports, Cloudflare's variable limits,
 * leftover placeholders, secrets written as vars, and what an [env] forgot to repeat.
 */
import { PLACEHOLDER } from '../../src/config/deployment'

export type Problem = { readonly level: 'error' | 'warning'; readonly field: string; readonly message: string; readonly fix: string }

/** Cloudflare Workers limits (developers.cloudflare.com/workers/platform/limits, "Environment variables"). */
export const LIMITS = { varBytes: 5 * 1024, varsFree: 64, varsPaid: 128 } as const
/** Fields that hold keys or tokens: never vars (they would be visible in the dashboard and the config). */
export const SECRET_FIELDS = ['ADMIN_TOKEN', 'JWT_HS256_SECRET', 'ISSUER_SIGNING_KEYS', 'ORIGIN_ASSERTION_KEYS'] as const
/** Keys wrangler does not inherit from the top level into an environment. */
const NOT_INHERITED = ['vars', 'durable_objects', 'services', 'analytics_engine_datasets', 'kv_namespaces', 'r2_buckets', 'd1_databases', 'queues', 'secrets'] as const

export type Effective = {
  readonly name?: string
  readonly vars: Record<string, unknown>
  readonly durable_objects: { bindings: Array<{ name: string; class_name: string; script_name?: string }> }
  readonly migrations: Array<{ tag: string; new_classes?: string[]; new_sqlite_classes?: string[]; renamed_classes?: Array<{ from: string; to: string }>; deleted_classes?: string[] }>
  readonly services?: Array<{ binding: string; service: string }>
  readonly analytics_engine_datasets?: Array<{ binding: string; dataset?: string }>
  readonly routes?: Array<string | { pattern: string }>
  readonly workers_dev?: boolean
  readonly secrets?: { required?: string[] }
  readonly [k: string]: unknown
}

const err = (field: string, message: string, fix: string): Problem => ({ level: 'error', field, message, fix })
const warn = (field: string, message: string, fix: string): Problem => ({ level: 'warning', field, message, fix })

/** Every string under `value` that is still a `<placeholder>`, with its path. */
export function placeholders(value: unknown, path: string): string[] {
  if (typeof value === 'string') return PLACEHOLDER.test(value.trim()) ? [path] : []
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholders(v, `${path}[${i}]`))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => placeholders(v, `${path}.${k}`))
  return []
}

/** `<https://api.example.com>` → `https://api.example.com`, everywhere (npm run check -- --examples). */
export function fillExamples<T>(value: T): T {
  if (typeof value === 'string') return (PLACEHOLDER.test(value.trim()) ? value.trim().slice(1, -1) : value) as T
  if (Array.isArray(value)) return value.map(fillExamples) as T
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillExamples(v)])) as T
  return value
}

export function checkVars(cfg: Effective): Problem[] {
  const out: Problem[] = []
  for (const [name, value] of Object.entries(cfg.vars)) {
    const bytes = new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)).byteLength
    if (bytes > LIMITS.varBytes) out.push(err(`vars.${name}`, `${bytes} bytes; Cloudflare allows ${LIMITS.varBytes} per variable`, name === 'ROUTES' ? 'import the routes from OpenAPI into the bundle: npm run routes:import -- openapi.yaml' : 'shorten it, or move the data into the bundle'))
    if ((SECRET_FIELDS as readonly string[]).includes(name)) out.push(err(`vars.${name}`, 'a secret written as a plain var (visible in the config and the dashboard)', `remove it from vars, then: wrangler secret put ${name}`))
  }
  for (const path of placeholders(cfg.vars, 'vars')) out.push(err(path, 'still a template placeholder', 'replace <…> with your value (the text inside is an example)'))
  for (const path of placeholders(cfg.routes ?? [], 'routes')) out.push(err(path, 'still a template placeholder', 'your API hostname, e.g. "api.example.com" with custom_domain: true'))
  const count = Object.keys(cfg.vars).length + (cfg.secrets?.required?.length ?? 0)
  if (count > LIMITS.varsPaid) out.push(err('vars', `${count} variables and secrets; Cloudflare allows ${LIMITS.varsPaid} (Workers Paid)`, 'merge settings or move data into the bundle'))
  else if (count > LIMITS.varsFree) out.push(warn('vars', `${count} variables and secrets: over the Workers Free limit of ${LIMITS.varsFree}`, 'fine on Workers Paid; on Free, merge settings'))
  if (!cfg.workers_dev && (cfg.routes ?? []).length === 0) out.push(warn('routes', 'no route and workers_dev is off: nothing can reach the Worker', 'add a custom domain: "routes": [{ "pattern": "api.example.com", "custom_domain": true }]'))
  return out
}

/**
 * Durable Objects: every class the Worker exports is bound and created by a migration (SQLite:
 * the guard, pins and limiter use SQL storage), every bound class is exported, tags are unique and in order.
 */
export function checkDurableObjects(cfg: Effective, exported: readonly string[]): Problem[] {
  const out: Problem[] = []
  const bound = cfg.durable_objects.bindings.filter((b) => !b.script_name)
  const created = new Map<string, 'sqlite' | 'kv'>()
  const tags = new Set<string>()
  let previous = -1
  cfg.migrations.forEach((m, i) => {
    if (tags.has(m.tag)) out.push(err(`migrations[${i}].tag`, `duplicate tag ${m.tag}`, 'every migration needs its own tag'))
    tags.add(m.tag)
    const n = /^v(\d+)$/.exec(m.tag)?.[1]
    if (n !== undefined) {
      if (Number(n) <= previous) out.push(err(`migrations[${i}].tag`, `${m.tag} comes after v${previous}`, 'append migrations in tag order; never reorder deployed ones'))
      previous = Number(n)
    }
    for (const c of m.new_sqlite_classes ?? []) created.set(c, 'sqlite')
    for (const c of m.new_classes ?? []) created.set(c, 'kv')
    for (const r of m.renamed_classes ?? []) {
      const kind = created.get(r.from)
      created.delete(r.from)
      if (kind) created.set(r.to, kind)
    }
    for (const c of m.deleted_classes ?? []) created.delete(c)
  })
  for (const cls of exported) {
    if (!bound.some((b) => b.class_name === cls)) out.push(err('durable_objects.bindings', `class ${cls} is exported by the Worker but not bound`, `add { "name": "<BINDING>", "class_name": "${cls}" }`))
    const kind = created.get(cls)
    if (!kind) out.push(err('migrations', `no migration creates ${cls}`, `append { "tag": "v${previous + 2}", "new_sqlite_classes": ["${cls}"] }`))
    else if (kind !== 'sqlite') out.push(err('migrations', `${cls} is created with new_classes (key-value storage); Tollgate's Durable Objects use SQL`, `create it with new_sqlite_classes`))
  }
  for (const b of bound) {
    if (!exported.includes(b.class_name)) out.push(err(`durable_objects.bindings.${b.name}`, `class ${b.class_name} is not exported by the Worker`, 'remove the binding or export the class from the main module'))
  }
  return out
}

/** What an environment lacks that the top level has: wrangler copies none of these into [env]. */
export function checkInheritance(top: Record<string, unknown>, envName: string, env: Record<string, unknown>): Problem[] {
  const out: Problem[] = []
  const names = (key: string, v: unknown): string[] => {
    if (key === 'vars') return Object.keys((v as object) ?? {})
    if (key === 'durable_objects') return ((v as { bindings?: Array<{ name: string }> })?.bindings ?? []).map((b) => b.name)
    if (key === 'secrets') return (v as { required?: string[] })?.required ?? []
    return ((v as Array<{ binding?: string; name?: string }>) ?? []).map((b) => b.binding ?? b.name ?? '')
  }
  for (const key of NOT_INHERITED) {
    const missing = names(key, top[key]).filter((n) => !names(key, env[key]).includes(n))
    for (const n of missing) out.push(err(`env.${envName}.${key}`, `${n} is set at the top level but not in env.${envName}, and wrangler does not inherit ${key}`, `repeat it under env.${envName}.${key} (with this environment's value)`))
  }
  return out
}
