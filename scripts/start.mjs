#!/usr/bin/env node
/**
 * @module `npm start`: wrangler dev with the edge worker in front of the demo origin, offline.
 * `--port`, `--ip`; anything after a second `--` goes to wrangler dev (`npm start -- --port 8790 -- --var K:V`).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseCli } from './lib/cli.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const split = process.argv.indexOf('--')
const { values } = parseCli({
  name: 'start',
  argv: split >= 0 ? process.argv.slice(2, split) : process.argv.slice(2),
  usage: 'npm start -- [--port N] [--ip ADDR] [-- WRANGLER_DEV_ARGS…]',
  about: 'wrangler dev with Tollgate (demo/wrangler.jsonc) in front of the demo origin, offline, demo keys from demo/demo.env.',
  example: 'npm start -- --port 8790 --ip 127.0.0.1',
  options: { port: { type: 'string' }, ip: { type: 'string' } },
})
const extra = [...(values.ip ? ['--ip', values.ip] : []), ...(split >= 0 ? process.argv.slice(split + 1) : [])]
const args = ['dev', '-c', 'demo/wrangler.jsonc', '-c', 'demo/origin.wrangler.jsonc', '--env-file', join(root, 'demo/demo.env'), '--show-interactive-dev-session=false']
args.push('--port', values.port ?? '8787')
const child = spawn(process.execPath, [fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url)), ...args, ...extra], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
