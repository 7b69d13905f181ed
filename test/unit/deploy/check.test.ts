/**
 * Issue 14 item 2: `npm run check` refuses each bad configuration, naming the field. Each case is
 * the production template with its examples filled in, then broken one way.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkConfig } from '../../../scripts/check'
import { fillExamples } from '../../../scripts/lib/config-check'

const ROOT = resolve(import.meta.dirname, '../../..')
const DIR = mkdtempSync(join(tmpdir(), 'tollgate-check-test-'))
const strip = (jsonc: string) => jsonc.replace(/^\s*\/\/.*$/gm, '')
const TEMPLATE = fillExamples(JSON.parse(strip(readFileSync(join(ROOT, 'wrangler.jsonc'), 'utf8')))) as Record<string, any>

type Config = Record<string, any>
let n = 0
function write(patch: (c: Config) => void, filled = true): string {
  const c = structuredClone(filled ? TEMPLATE : (JSON.parse(strip(readFileSync(join(ROOT, 'wrangler.jsonc'), 'utf8'))) as Config))
  delete c['$schema']
  c['main'] = join(ROOT, 'src/index.ts')
  patch(c)
  const file = join(DIR, `case-${n++}.jsonc`)
  writeFileSync(file, JSON.stringify(c, null, 2))
  return file
}
const errorsOf = async (file: string, env?: string, secretsFile?: string) =>
  (await checkConfig({ config: file, ...(env ? { env } : {}), ...(secretsFile ? { secretsFile } : {}) })).problems.filter((p) => p.level === 'error')

describe('npm run check', () => {
  it('accepts the production template with its examples filled in, and the staging environment', async () => {
    expect(await errorsOf(write(() => {}))).toEqual([])
    expect(await errorsOf(write(() => {}), 'staging')).toEqual([])
  }, 60_000)

  const secrets = join(DIR, 'two-sources.env')
  writeFileSync(secrets, 'JWT_HS256_SECRET=0123456789abcdef0123456789abcdef0123\n')

  it.each<[string, (c: Config) => void, string, string?]>([
    ['MAX_TOKEN_TTL_SECONDS = 3600', (c) => (c.vars.MAX_TOKEN_TTL_SECONDS = 3600), 'MAX_TOKEN_TTL_SECONDS'],
    ['a PUBLIC_URL with a path', (c) => (c.vars.PUBLIC_URL = 'https://api.example.com/v1'), 'PUBLIC_URL'],
    ['an unknown JWT algorithm', (c) => (c.vars.JWT_ALGORITHMS = ['none']), 'JWT_ALGORITHMS.0'],
    ['no origin', (c) => delete c.vars.ORIGIN_URL, 'ORIGIN_URL'],
    ['a default tier that does not exist', (c) => (c.vars.DEFAULT_TIER = 'gold'), 'DEFAULT_TIER'],
    ['the issuer on without keys or clients', (c) => (c.vars.ISSUER_ENABLED = true), 'ISSUER_SIGNING_KEYS'],
    ['an admin token written as a var', (c) => (c.vars.ADMIN_TOKEN = 'x'.repeat(32)), 'vars.ADMIN_TOKEN'],
    ['a route table over the 5 KB variable limit', (c) => (c.vars.ROUTES = Array.from({ length: 120 }, (_, i) => ({ method: 'GET', path: `/api/r${i}`, scopes: ['a:read'] }))), 'vars.ROUTES'],
    ['more variables than Cloudflare allows', (c) => Object.assign(c.vars, Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`EXTRA_${i}`, 'x']))), 'vars'],
    ['a DO class exported but not bound', (c) => (c.durable_objects.bindings = c.durable_objects.bindings.filter((b: any) => b.class_name !== 'ToolPins')), 'durable_objects.bindings'],
    ['the guard binding missing', (c) => (c.durable_objects.bindings = c.durable_objects.bindings.filter((b: any) => b.name !== 'AGENT_GUARD')), 'AGENT_GUARD'],
    ['a binding to a class the Worker does not export', (c) => c.durable_objects.bindings.push({ name: 'GHOST', class_name: 'Ghost' }), 'durable_objects.bindings.GHOST'],
    ['a class with no migration', (c) => (c.migrations = c.migrations.filter((m: any) => m.tag !== 'v2')), 'migrations'],
    ['migrations out of tag order', (c) => (c.migrations = [c.migrations[1], c.migrations[0], c.migrations[2]]), 'migrations[1].tag'],
    ['a duplicate migration tag', (c) => c.migrations.push({ tag: 'v3', deleted_classes: [] }), `migrations[${TEMPLATE.migrations.length}].tag`],
    ['a key-value (not SQLite) class', (c) => (c.migrations[0] = { tag: 'v1', new_classes: ['AgentGuard'] }), 'migrations'],
    ['a template placeholder left in', (c) => (c.vars.JWT_ISSUER = '<https://auth.example.com>'), 'vars.JWT_ISSUER'],
    ['a placeholder left in the route', (c) => (c.routes = [{ pattern: '<api.example.com>', custom_domain: true }]), 'routes[0].pattern'],
    ['an environment that forgot a var', (c) => delete c.env.staging.vars.JWT_ISSUER, 'env.staging.vars', 'staging'],
    ['an environment that forgot a Durable Object binding', (c) => (c.env.staging.durable_objects.bindings = c.env.staging.durable_objects.bindings.slice(1)), 'env.staging.durable_objects', 'staging'],
    ['an environment that does not exist', () => {}, 'env.production', 'production'],
    ['two key sources (JWKS_URL and an HS256 secret)', () => {}, 'JWKS_URL', undefined],
  ])('refuses %s', async (name, patch, field, env) => {
    const errors = await errorsOf(write(patch), env, name.startsWith('two key sources') ? secrets : undefined)
    expect(errors.map((e) => e.field)).toContain(field)
    expect(errors.every((e) => e.fix.length > 0)).toBe(true)
  }, 60_000)

  it('the unfilled template is refused for every placeholder', async () => {
    const errors = await errorsOf(write(() => {}, false))
    expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(['vars.PUBLIC_URL', 'vars.ORIGIN_URL', 'vars.JWT_ISSUER', 'vars.JWKS_URL', 'routes[0].pattern']))
  }, 60_000)

  it('the CLI exits 1 naming the field, and npm run deploy uploads nothing', () => {
    const file = write((c) => (c.vars.MAX_TOKEN_TTL_SECONDS = 3600))
    const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }
    const check = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/check.ts', '-c', file], { cwd: ROOT, encoding: 'utf8', env })
    expect(check.status).toBe(1)
    expect(check.stdout).toMatch(/✖ MAX_TOKEN_TTL_SECONDS: at most 900/)
    const deploy = spawnSync(process.execPath, ['scripts/deploy.mjs', '-c', file, '--dry-run', '--outdir', join(DIR, 'out')], { cwd: ROOT, encoding: 'utf8', env })
    expect(deploy.status).toBe(1)
    expect(deploy.stderr).toContain('nothing was uploaded')
    expect(deploy.stdout).not.toContain('Total Upload')
  }, 120_000)
})
