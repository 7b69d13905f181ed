#!/usr/bin/env node
/**
 * @module `npm start`: wrangler dev with the edge worker in front of the demo origin, offline.
 * Extra arguments pass through to wrangler dev (e.g. `npm start -- --port 8790 --ip 127.0.0.1`).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const extra = process.argv.slice(2)
const args = ['dev', '-c', 'demo/wrangler.jsonc', '-c', 'demo/origin.wrangler.jsonc', '--env-file', 'demo/demo.env', '--show-interactive-dev-session=false']
if (!extra.some((a) => a === '--port' || a.startsWith('--port='))) args.push('--port', '8787')
const child = spawn(process.execPath, [fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url)), ...args, ...extra], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
