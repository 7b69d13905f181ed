/**
 * Issue 14 item 7: every CLI answers --help with usage and an example (exit 0), and an unknown flag
 * with one line on stderr and exit 2, never a stack trace.
 */
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')
const TSX = resolve(ROOT, 'node_modules/tsx/dist/cli.mjs')

/** [npm script or file, how it runs]: tsx for TypeScript and for scripts that import src/ TypeScript. */
const SCRIPTS: Array<[string, string[]]> = [
  ['token', ['scripts/token.mjs']],
  ['client', [TSX, 'scripts/client.mjs']],
  ['blocks', ['scripts/blocks.mjs']],
  ['check', [TSX, 'scripts/check.ts']],
  ['deploy', ['scripts/deploy.mjs']],
  ['routes:import', [TSX, 'scripts/routes-import.ts']],
  ['start', ['scripts/start.mjs']],
  ['demo', [TSX, 'scripts/demo.mjs']],
  ['e2e-mcp', ['scripts/e2e-mcp.mjs']],
  ['bench', ['bench/run.mjs']],
  ['load', ['bench/load.mjs']],
  ['faults', ['bench/faults.mjs']],
  ['profile', ['bench/profile.mjs']],
  ['bench:crypto', ['scripts/bench-crypto.mjs']],
  ['bench:mcp', ['scripts/bench-mcp.mjs']],
  ['bench:screening', [TSX, 'scripts/bench-screening.ts']],
  ['bench:guard', [TSX, 'scripts/bench-guard.ts']],
  ['eval:screening', [TSX, 'scripts/eval-screening.ts']],
  ['train:screening', [TSX, 'scripts/train-screening-model.ts']],
]

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CLOUDFLARE_ACCOUNT_ID: '', CLOUDFLARE_API_TOKEN: '' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

// Concurrent within vitest's maxConcurrency (5 processes at a time).
describe.concurrent('every CLI', () => {
  it.each(SCRIPTS)('%s --help: usage and an example, exit 0', async (_name, cmd) => {
    const r = await run([...cmd, '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Usage:/)
    expect(r.stdout).toContain('Example:')
  }, 240_000)

  it.each(SCRIPTS)('%s --bogus: one line, exit 2, no stack trace', async (_name, cmd) => {
    const r = await run([...cmd, '--bogus'])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('--bogus')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  }, 240_000)
})
