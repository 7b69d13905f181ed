/**
 * @module The demo stack as a real process for browser checks: `wrangler dev` (edge + demo origin, as
 * `npm start`), on loopback, with its own Durable Object storage, started with setsid and stopped
 * by process group (TOOLCHAIN.md). Used by the console's browser test and its screenshot script.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startProcess, stopProcess } from '../../bench/lib/procs.mjs'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CHROMIUM = '/usr/bin/chromium'
/** The flags a root, offline, headless Chromium needs here (TOOLCHAIN.md, env/machines/node.md). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
export const ADMIN_TOKEN = readFileSync(join(ROOT, 'demo', 'demo.env'), 'utf8').match(/^ADMIN_TOKEN=(.*)$/m)?.[1] ?? ''

/** Starts the stack on `port` (inspector on `port + 1`); resolves once the edge answers. */
export async function startStack(port, { timeoutMs = 120_000 } = {}) {
  const persist = mkdtempSync(join(tmpdir(), 'tollgate-console-'))
  const proc = startProcess(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--port', String(port), '--ip', '127.0.0.1', '--inspector-port', String(port + 1), '--persist-to', persist], {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
    label: 'wrangler-dev',
  })
  const base = `http://127.0.0.1:${port}`
  const stop = async () => {
    await stopProcess(proc, { graceMs: 5000 })
    rmSync(persist, { recursive: true, force: true })
  }
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc.exited) {
      await stop()
      throw new Error(`wrangler dev exited (${proc.exitCode ?? proc.exitSignal}):\n${(proc.stdout + proc.stderr).slice(-3000)}`)
    }
    try {
      if ((await fetch(`${base}/.well-known/oauth-protected-resource`)).ok) return { base, stop, proc }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  await stop()
  throw new Error(`wrangler dev not ready on ${base} within ${timeoutMs} ms:\n${(proc.stdout + proc.stderr).slice(-3000)}`)
}
