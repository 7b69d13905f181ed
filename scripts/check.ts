#!/usr/bin/env node
/**
 * @module `npm run check [-- --env NAME] [-c CONFIG]`: refuses a configuration before it uploads.
 *
 * Reads the effective config with wrangler's own reader, bundles the Worker with esbuild exactly as
 * wrangler would (same main, same aliases, so the same route table) and validates the vars with the
 * Worker's own zod schema from that bundle; then bindings, migrations, limits and placeholders
 * (scripts/lib/config-check.ts). Every problem is printed with its field and a fix; exit 1 if any.
 */
import { exportJWK, generateKeyPair } from 'jose'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { checkDurableObjects, checkInheritance, checkVars, fillExamples, SECRET_FIELDS, type Effective, type Problem } from './lib/config-check'
import { fail, parseCli } from './lib/cli.mjs'

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..')

type Loaded = { ConfigSchema: { safeParse(env: unknown): { success: true } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }; worker: Record<string, unknown>; DurableObject: new (...a: never[]) => unknown }

const bundles = new Map<string, Promise<Loaded>>()

/** The Worker bundle as wrangler would build it, loadable in Node (cloudflare:workers shimmed); built once per main and aliases. */
function loadBundle(main: string, alias: Record<string, string>, configDir: string): Promise<Loaded> {
  const resolved = Object.fromEntries(Object.entries(alias).map(([k, v]) => [k, resolve(configDir, v)]))
  const key = JSON.stringify([main, resolved])
  let b = bundles.get(key)
  if (!b) bundles.set(key, (b = buildBundle(main, resolved)))
  return b
}

async function buildBundle(main: string, alias: Record<string, string>): Promise<Loaded> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-check-'))
  try {
    const shim = join(dir, 'cloudflare-workers.mjs')
    writeFileSync(shim, 'export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env } }\nexport class WorkerEntrypoint {}\nexport class WorkflowEntrypoint {}\nexport const env = {}\n')
    const entry = `export * as worker from ${JSON.stringify(main)}\nexport { ConfigSchema } from ${JSON.stringify(join(ROOT, 'src/config/schema.ts'))}\nexport { DurableObject } from 'cloudflare:workers'\n`
    const out = join(dir, 'bundle.mjs')
    const { build } = await import('esbuild')
    await build({
      stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['workerd', 'worker', 'browser'],
      alias: { ...alias, 'cloudflare:workers': shim },
      outfile: out,
      logLevel: 'silent',
    })
    return (await import(pathToFileURL(out).href)) as Loaded
  } finally {
    setTimeout(() => rmSync(dir, { recursive: true, force: true }), 1000).unref()
  }
}

/** Secrets cannot be read locally: from --secrets-file, or a generated stand-in so the rest can be checked. */
async function standIn(name: string): Promise<string> {
  const rand = (n: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(n))).toString('base64url')
  if (name === 'ORIGIN_ASSERTION_KEYS' || name === 'ISSUER_SIGNING_KEYS') {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true })
    return JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), kid: 'check-stand-in' }] })
  }
  if (name === 'JWT_JWKS') {
    const { publicKey } = await generateKeyPair('EdDSA', { extractable: true })
    return JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'check-stand-in' }] })
  }
  return rand(36)
}

function readSecretsFile(path: string): Record<string, string> {
  const text = readFileSync(path, 'utf8')
  if (text.trim().startsWith('{')) return JSON.parse(text) as Record<string, string>
  return Object.fromEntries(text.split('\n').filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/\\\$/g, '$')]))
}

/** A stand-in for each binding, so the schema sees what the runtime would give it. */
function bindingsOf(cfg: Effective): Record<string, unknown> {
  const env: Record<string, unknown> = {}
  for (const b of cfg.durable_objects.bindings) env[b.name] = { idFromName() {}, getByName() {} }
  for (const s of cfg.services ?? []) env[s.binding] = { fetch() {} }
  for (const a of cfg.analytics_engine_datasets ?? []) env[a.binding] = { writeDataPoint() {} }
  return env
}

export async function checkConfig(opts: { config: string; env?: string; examples?: boolean; secretsFile?: string }): Promise<{ problems: Problem[]; notes: string[] }> {
  const problems: Problem[] = []
  const notes: string[] = []
  // Imported here, not at the top: --help and a bad flag answer without loading wrangler.
  const { experimental_readRawConfig, unstable_readConfig } = await import('wrangler')
  if (opts.env) {
    const { rawConfig } = experimental_readRawConfig({ config: opts.config })
    const envs = (rawConfig as { env?: Record<string, Record<string, unknown>> }).env ?? {}
    if (!envs[opts.env]) {
      problems.push({ level: 'error', field: `env.${opts.env}`, message: 'no such environment in the config', fix: `one of: ${Object.keys(envs).join(', ') || '(none defined)'}` })
      return { problems, notes }
    }
    problems.push(...checkInheritance(rawConfig as Record<string, unknown>, opts.env, envs[opts.env]!))
  }
  let cfg = unstable_readConfig({ config: opts.config, ...(opts.env ? { env: opts.env } : {}) }, { hideWarnings: true }) as unknown as Effective & { main?: string; alias?: Record<string, string> }
  if (opts.examples) cfg = { ...cfg, vars: fillExamples(cfg.vars), routes: fillExamples(cfg.routes ?? []) }
  problems.push(...checkVars(cfg))

  const provided = opts.secretsFile ? readSecretsFile(opts.secretsFile) : {}
  const secrets: Record<string, string> = { ...provided }
  for (const name of cfg.secrets?.required ?? []) {
    if (secrets[name] === undefined) {
      secrets[name] = await standIn(name)
      notes.push(`secret ${name}: not visible locally, assumed set (wrangler secret put ${name}${opts.env ? ` --env ${opts.env}` : ''}); checked with a stand-in`)
    }
  }
  if (!cfg.vars['ORIGIN_ASSERTION_KEYS'] && !secrets['ORIGIN_ASSERTION_KEYS']) {
    problems.push({ level: 'warning', field: 'ORIGIN_ASSERTION_KEYS', message: 'not set: the origin cannot tell requests that passed the gate from direct calls', fix: 'add it to secrets.required and run: wrangler secret put ORIGIN_ASSERTION_KEYS (docs/origin-trust.md)' })
  }

  let bundle: Loaded
  try {
    bundle = await loadBundle(resolve(cfg.main ?? 'src/index.ts'), cfg.alias ?? {}, dirname(resolve(opts.config)))
  } catch (error) {
    problems.push({ level: 'error', field: 'main', message: `the Worker does not build: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, fix: 'run npm run typecheck' })
    return { problems, notes }
  }
  const env = { ...cfg.vars, ...secrets, ...bindingsOf(cfg) }
  const parsed = bundle.ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const placeheld = new Set(problems.filter((p) => p.message === 'still a template placeholder').map((p) => p.field.replace(/^vars\./, '').split(/[.[]/)[0]))
    for (const issue of parsed.error.issues) {
      if (placeheld.has(String(issue.path[0]))) continue
      const field = issue.path.map(String).join('.') || '(config)'
      const secret = (SECRET_FIELDS as readonly string[]).includes(String(issue.path[0]))
      problems.push({ level: 'error', field, message: issue.message, fix: secret ? `wrangler secret put ${String(issue.path[0])} with a valid value` : `set ${String(issue.path[0])} in vars to ${issue.message.replace(/^(expected |Invalid input: )/, '')}` })
    }
  }
  const exported = Object.entries(bundle.worker).filter(([k, v]) => k !== 'default' && typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof bundle.DurableObject).map(([k]) => k)
  problems.push(...checkDurableObjects(cfg, exported))
  const audience = String(cfg.vars['JWT_AUDIENCE'] ?? '')
  const publicUrl = String(cfg.vars['PUBLIC_URL'] ?? '')
  if (publicUrl && audience && publicUrl.replace(/\/$/, '') !== audience.replace(/\/$/, '')) {
    problems.push({ level: 'warning', field: 'JWT_AUDIENCE', message: 'differs from PUBLIC_URL: RFC 9728 metadata names PUBLIC_URL as the resource, so clients may ask for tokens with that audience', fix: 'set JWT_AUDIENCE to PUBLIC_URL unless your issuer uses another identifier on purpose' })
  }
  return { problems, notes }
}

async function main(): Promise<void> {
  const { values } = parseCli({
    name: 'check',
    usage: 'npm run check -- [--env NAME] [-c CONFIG] [--secrets-file FILE] [--examples]',
    about:
      'Validates the effective wrangler config with the Worker\'s own schema, bindings, migrations, Cloudflare\'s\n' +
      'variable limits and leftover placeholders. Prints every problem with its field and a fix; exit 1 if any.\n' +
      '--examples fills <placeholders> with their example text (CI checks the template that way).\n' +
      'npm run deploy runs this first and uploads only when it passes.',
    example: 'npm run check -- --env staging',
    options: {
      env: { type: 'string', short: 'e' },
      config: { type: 'string', short: 'c' },
      'secrets-file': { type: 'string' },
      examples: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
  })
  const config = values['config'] ?? 'wrangler.jsonc'
  let result: Awaited<ReturnType<typeof checkConfig>>
  try {
    result = await checkConfig({ config, env: values['env'], examples: values['examples'], secretsFile: values['secrets-file'] })
  } catch (error) {
    fail('check', `cannot read ${config}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
  }
  const { problems, notes } = result!
  const label = `${config}${values['env'] ? ` --env ${values['env']}` : ''}`
  if (!values['quiet']) for (const n of notes) console.log(`  · ${n}`)
  for (const p of problems) console.log(`${p.level === 'error' ? '✖' : '⚠'} ${p.field}: ${p.message}\n    fix: ${p.fix}`)
  const errors = problems.filter((p) => p.level === 'error').length
  console.log(errors ? `✖ ${label}: ${errors} problem(s); nothing may be deployed` : `✔ ${label}: valid${problems.length ? ` (${problems.length} warning(s))` : ''}`)
  process.exit(errors ? 1 : 0)
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) await main()
