#!/usr/bin/env node
/**
 * @module `npm run deploy [-- --env NAME] [-c CONFIG] [--dry-run] [--secrets-file FILE]`: runs
 * `npm run check` on the same config and environment, and runs `wrangler deploy` only if it passes,
 * so an invalid configuration never uploads. Arguments after `--` go to wrangler deploy as they are.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseCli } from './lib/cli.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const rest = process.argv.includes('--') ? process.argv.slice(process.argv.indexOf('--') + 1) : []
const own = process.argv.includes('--') ? process.argv.slice(2, process.argv.indexOf('--')) : process.argv.slice(2)
const { values } = parseCli({
  name: 'deploy',
  argv: own,
  usage: 'npm run deploy -- [--env NAME] [-c CONFIG] [--secrets-file FILE] [--dry-run] [--outdir DIR] [-- WRANGLER_ARGS…]',
  about: 'Runs npm run check, then wrangler deploy with the same config and environment. Nothing uploads unless the check passes.',
  example: 'npm run deploy -- --env staging --dry-run',
  options: { env: { type: 'string', short: 'e' }, config: { type: 'string', short: 'c' }, 'secrets-file': { type: 'string' }, 'dry-run': { type: 'boolean' }, outdir: { type: 'string' } },
})
const common = [...(values.config ? ['-c', values.config] : []), ...(values.env ? ['--env', values.env] : []), ...(values['secrets-file'] ? ['--secrets-file', values['secrets-file']] : [])]
const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url))
const check = spawnSync(process.execPath, [tsx, 'scripts/check.ts', ...common], { cwd: root, stdio: 'inherit' })
if (check.status !== 0) {
  process.stderr.write('deploy: the configuration check failed; nothing was uploaded\n')
  process.exit(1)
}
const wrangler = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url))
const args = ['deploy', ...common, ...(values['dry-run'] ? ['--dry-run'] : []), ...(values.outdir ? ['--outdir', values.outdir] : []), ...rest]
const run = spawnSync(process.execPath, [wrangler, ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: process.env.WRANGLER_SEND_METRICS ?? 'false' } })
process.exit(run.status ?? 1)
