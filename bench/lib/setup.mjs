/**
 * @module Builds, configures and starts raw workerd for the bench, load and fault scripts.
 *
 * - Tollgate: `wrangler deploy --dry-run --outdir .bench/dist` (the deployable bundle).
 * - Bench-only workers (passthrough, micro-benchmarks): bundled with esbuild from bench/*.ts.
 * - One generated capnp config per run: SQLite-backed DOs on local disk, `globalOutbound`
 *   allowing only local addresses (everything the harness talks to is on 127.0.0.1), every
 *   binding given explicitly (the deploy bundle carries no vars).
 * Durable Object classes and base [vars] are read from the demo config (demo/wrangler.jsonc: the
 * demo shop's routes are compiled into its bundle), so the harness follows
 * whatever the tree declares (new DO classes, new vars) without edits here.
 */
import { createServer } from 'node:net'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runToEnd, sleep, startProcess, stopProcess } from './procs.mjs'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const WORK = join(ROOT, '.bench')
const require = createRequire(join(ROOT, 'package.json'))

export const OFFLINE_ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' }

export function workerdBinary() {
  // node_modules/.bin/workerd is a Node shim that execs this binary; running it directly keeps one
  // process per server, so its PID is the one whose RSS we read and whose group we stop.
  const pkg = `@cloudflare/workerd-${process.platform}-${process.arch === 'x64' ? '64' : process.arch}`
  return require.resolve(`${pkg}/bin/workerd`)
}

/** Where sources are built from: the working tree (default) or a `git archive HEAD` snapshot. */
export let SRC = ROOT
export const tree = { mode: 'worktree', commit: '', dirty: 0 }

/**
 * BENCH_TREE=head (or any commit) builds Tollgate from that commit (a `git archive` snapshot in
 * .bench/tree, with this checkout's bench/ and node_modules), so edits in progress elsewhere in
 * the working tree cannot break or skew a run. The default is the working tree.
 */
export async function useTree(mode = process.env.BENCH_TREE ?? 'worktree') {
  const git = (args) => runToEnd('git', args, { cwd: ROOT, timeoutMs: 60_000 })
  tree.commit = (await git(['rev-parse', '--short', 'HEAD'])).stdout.trim()
  tree.dirty = (await git(['status', '--porcelain', '--untracked-files=no'])).stdout.split('\n').filter(Boolean).length
  tree.mode = mode
  if (mode === 'worktree') return (SRC = ROOT)
  const rev = mode === 'head' ? 'HEAD' : mode
  tree.commit = (await git(['rev-parse', '--short', rev])).stdout.trim()
  if (!tree.commit) throw new Error(`BENCH_TREE=${mode}: not a commit`)
  const dir = join(WORK, 'tree')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const r = await runToEnd('sh', ['-c', `git archive ${tree.commit} | tar -x -C ${JSON.stringify(dir)}`], { cwd: ROOT, timeoutMs: 60_000 })
  if (r.code !== 0) throw new Error(`git archive failed: ${r.stderr}`)
  rmSync(join(dir, 'bench'), { recursive: true, force: true })
  cpSync(join(ROOT, 'bench'), join(dir, 'bench'), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  tree.dirty = 0
  return (SRC = dir)
}

export function log(...args) {
  console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args)
}

/** `wrangler deploy --dry-run --outdir .bench/dist`: the exact bundle that would be deployed. */
export async function buildTollgate() {
  const outdir = join(WORK, 'dist')
  rmSync(outdir, { recursive: true, force: true })
  const wrangler = join(ROOT, 'node_modules/.bin/wrangler')
  const r = await runToEnd(wrangler, ['deploy', '--dry-run', '--outdir', outdir, '-c', demoConfig()], { cwd: SRC, env: OFFLINE_ENV, timeoutMs: 180_000, label: 'wrangler' })
  const bundle = join(outdir, 'index.js')
  if (r.code !== 0 || !existsSync(bundle)) throw new Error(`wrangler build failed (${r.code}):\n${r.stdout}\n${r.stderr}`)
  const size = /Total Upload: ([^\n]+)/.exec(r.stdout)?.[1]?.trim()
  return { bundle, size }
}

/** Bundles a bench-only worker (TypeScript importing src/) into one ES module. */
export async function buildWorker(entry, name) {
  const { build } = await import('esbuild')
  const outfile = join(WORK, 'workers', `${name}.js`)
  await build({
    entryPoints: [join(SRC, entry)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    external: ['cloudflare:*', 'node:*'],
    // The demo shop's compiled route table, as demo/wrangler.jsonc's alias selects it.
    ...(existsSync(join(SRC, 'demo/routes.generated.ts')) ? { alias: { '#tollgate/routes': join(SRC, 'demo/routes.generated.ts') } } : {}),
    outfile,
    sourcemap: true, // bench/profile.mjs maps samples back to src/ through it
    logLevel: 'error',
  })
  return outfile
}

/** The demo edge config: the deployable bundle with the demo shop's routes, and its base vars (a tree from before the split: wrangler.toml). */
const demoConfig = () => (existsSync(join(SRC, 'demo/wrangler.jsonc')) ? 'demo/wrangler.jsonc' : 'wrangler.toml')

/** What the demo config declares: compatibility, DO classes (SQLite or not) and the base vars. */
export async function readWrangler() {
  const { unstable_readConfig } = await import('wrangler')
  const cfg = unstable_readConfig({ config: join(SRC, demoConfig()) }, {})
  const sqlite = new Set((cfg.migrations ?? []).flatMap((m) => m.new_sqlite_classes ?? []))
  return {
    compatibilityDate: cfg.compatibility_date,
    compatibilityFlags: cfg.compatibility_flags ?? [],
    vars: cfg.vars ?? {},
    durableObjects: (cfg.durable_objects?.bindings ?? []).filter((b) => !b.script_name).map((b) => ({ name: b.name, className: b.class_name, sql: sqlite.has(b.class_name) })),
  }
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolvePort(port))
    })
  })
}

const capnpString = (s) => {
  const lit = JSON.stringify(String(s))
  if (/\\u/.test(lit)) throw new Error('capnp: control characters in a binding are not supported')
  return lit
}

/** A binding as workerd expects it: text for strings, json for everything structured or numeric. */
function capnpBinding(name, value) {
  if (value && typeof value === 'object' && 'durableObjectNamespace' in value) return `(name = ${capnpString(name)}, durableObjectNamespace = (className = ${capnpString(value.durableObjectNamespace)}))`
  if (typeof value === 'string') return `(name = ${capnpString(name)}, text = ${capnpString(value)})`
  return `(name = ${capnpString(name)}, json = ${capnpString(JSON.stringify(value))})`
}

/**
 * One capnp config. services: [{ name, module (abs path), port, bindings: {NAME: value},
 * durableObjects: [{ name, className, sql }], storageDir, compatibilityDate, compatibilityFlags }].
 * Every worker's outbound goes to a network service that allows only local addresses (the Node
 * origin, the JWKS server): a bench worker can never reach the internet.
 */
export function writeCapnp(file, services) {
  const lines = ['using Workerd = import "/workerd/workerd.capnp";', '', 'const config :Workerd.Config = (', '  services = [']
  const sockets = []
  const defs = []
  services.forEach((s, i) => {
    const w = `w${i}`
    lines.push(`    (name = ${capnpString(s.name)}, worker = .${w}),`)
    if (s.durableObjects?.length) lines.push(`    (name = ${capnpString(`${s.name}-do`)}, disk = (path = ${capnpString(s.storageDir)}, writable = true)),`)
    sockets.push(`    (name = ${capnpString(s.name)}, address = ${capnpString(`127.0.0.1:${s.port}`)}, http = (), service = ${capnpString(s.name)}),`)
    const bindings = Object.entries(s.bindings ?? {}).map(([k, v]) => `    ${capnpBinding(k, v)},`)
    for (const d of s.durableObjects ?? []) bindings.push(`    ${capnpBinding(d.name, { durableObjectNamespace: d.className })},`)
    const classes = [...new Map((s.durableObjects ?? []).map((d) => [d.className, d])).values()]
    defs.push(
      `const ${w} :Workerd.Worker = (`,
      `  modules = [ (name = "worker.js", esModule = embed ${capnpString(relative(dirname(file), s.module))}) ],`,
      `  compatibilityDate = ${capnpString(s.compatibilityDate)},`,
      `  compatibilityFlags = [${(s.compatibilityFlags ?? []).map(capnpString).join(', ')}],`,
      '  bindings = [',
      ...bindings,
      '  ],',
      ...(classes.length
        ? [
            '  durableObjectNamespaces = [',
            ...classes.map((d) => `    (className = ${capnpString(d.className)}, uniqueKey = ${capnpString(`${s.name}-${d.className}`)}${d.sql ? ', enableSql = true' : ''}),`),
            '  ],',
            `  durableObjectStorage = (localDisk = ${capnpString(`${s.name}-do`)}),`,
          ]
        : []),
      '  globalOutbound = "loopback",',
      ');',
      '',
    )
    if (s.storageDir) mkdirSync(s.storageDir, { recursive: true })
  })
  lines.push('    (name = "loopback", network = (allow = ["local"])),', '  ],', '  sockets = [', ...sockets, '  ],', ');', '', ...defs)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, lines.join('\n'))
  return file
}

/** Waits until a TCP port on 127.0.0.1 accepts connections (bounded). */
export async function waitForPort(port, { timeoutMs = 20_000, proc } = {}) {
  const { connect } = await import('node:net')
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc?.exited) throw new Error(`${proc.label} exited (${proc.exitCode ?? proc.exitSignal}):\n${proc.stderr.slice(-4000)}`)
    const ok = await new Promise((r) => {
      const s = connect(port, '127.0.0.1')
      s.once('connect', () => (s.destroy(), r(true)))
      s.once('error', () => r(false))
    })
    if (ok) return
    await sleep(50)
  }
  throw new Error(`port ${port} did not open within ${timeoutMs} ms`)
}

/** `workerd serve config.capnp`, in its own process group; resolves once every socket is open. */
export async function startWorkerd(configFile, ports, { label = 'workerd', echo = false, nofile } = {}) {
  // nofile: raise the open-file limit for this workerd (each live SQLite-backed DO holds ≈ 3 fds);
  // `exec` keeps workerd the group leader, so its PID is still the one measured and stopped.
  const proc = nofile
    ? startProcess('sh', ['-c', `ulimit -n ${Number(nofile)} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" serve "$1"`, workerdBinary(), configFile], { cwd: dirname(configFile), label, echo })
    : startProcess(workerdBinary(), ['serve', configFile], { cwd: dirname(configFile), label, echo })
  try {
    for (const p of ports) await waitForPort(p, { proc })
  } catch (error) {
    await stopProcess(proc)
    throw error
  }
  return proc
}

/** The bench origin (bench/origin.mjs) as its own process; resolves with its port and a client. */
export async function startOrigin({ port = 0, label = 'origin' } = {}) {
  const proc = startProcess(process.execPath, [join(ROOT, 'bench/origin.mjs'), String(port)], { label })
  const deadline = Date.now() + 10_000
  while (!/\{"port":\d+\}/.test(proc.stdout)) {
    if (proc.exited || Date.now() > deadline) {
      await stopProcess(proc)
      throw new Error(`origin did not start: ${proc.stderr}`)
    }
    await sleep(20)
  }
  const actual = JSON.parse(/\{"port":\d+\}/.exec(proc.stdout)[0]).port
  const base = `http://127.0.0.1:${actual}`
  return {
    proc,
    port: actual,
    url: base,
    stats: async (ids = false) => (await fetch(`${base}/__origin/stats${ids ? '?ids=1' : ''}`)).json(),
    reset: async () => void (await fetch(`${base}/__origin/reset`, { method: 'POST' })),
  }
}

/** The soft open-file limit of a running process, and how many fds it holds now. */
export function fdUsage(pid) {
  try {
    const limit = Number(/^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1])
    return { limit, open: readdirSync(`/proc/${pid}/fd`).length }
  } catch {
    return { limit: undefined, open: undefined }
  }
}

export function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8')
  const model = /^model name\s*:\s*(.+)$/m.exec(cpu)?.[1]?.trim() ?? 'unknown'
  const mem = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0)
  const workerdVersion = require('workerd/package.json').version
  return {
    nproc: (cpu.match(/^processor\s*:/gm) ?? []).length,
    cpu: model,
    ramGiB: Math.round((mem / 1024 / 1024) * 10) / 10,
    node: process.version,
    workerd: workerdVersion,
    wrangler: require('wrangler/package.json').version,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
  }
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

export const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN)

/** The shared start of every harness: pick the tree, reset the output folder, build Tollgate, read the demo config. */
export async function prepareRun(out) {
  await useTree()
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  log(`building Tollgate (wrangler deploy --dry-run) from ${tree.mode !== 'worktree' ? `commit ${tree.commit}` : `the working tree (HEAD ${tree.commit}, ${tree.dirty} modified tracked files)`}`)
  const tollgate = await buildTollgate()
  const wrangler = await readWrangler()
  return { tollgate, wrangler }
}

/**
 * Replaces the generated block of a doc (between `<!-- TAG:begin (generated by COMMAND) -->` and
 * `<!-- TAG:end -->`) with `md`; a missing file or block is logged and left alone.
 */
export function writeGeneratedBlock(relPath, tag, command, md) {
  const file = join(ROOT, relPath)
  let doc
  try {
    doc = readFileSync(file, 'utf8')
  } catch {
    return log(`${relPath} not found; results only under .bench/`)
  }
  const begin = `<!-- ${tag}:begin (generated by ${command}) -->`
  const end = `<!-- ${tag}:end -->`
  const i = doc.indexOf(begin)
  const j = doc.indexOf(end)
  if (i < 0 || j < i) return log(`${relPath} has no generated block; results only under .bench/`)
  writeFileSync(file, doc.slice(0, i + begin.length) + '\n' + md + doc.slice(j))
  log(`${relPath}: generated block updated`)
}
