#!/usr/bin/env node
/**
 * @module `npm run console:screenshots`: runs `npm run demo` against a fresh stack, checks that the
 * console shows what the demo did (the injection rejection, the budget exhaustion, the scraper's
 * throttle and block, the revocation), and writes one PNG per console view to docs/console/.
 *
 *   npm run console:screenshots                 # port 8866 (CONSOLE_SHOTS_PORT to change)
 *   npm run console:screenshots -- --no-write   # the checks only
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker'
import { importJWK, SignJWT } from 'jose'
import { chromium } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { installCleanupTrap, runToEnd } from '../bench/lib/procs.mjs'
import { ADMIN_TOKEN, CHROMIUM, CHROMIUM_ARGS, ROOT, startStack } from './lib/stack.mjs'

const args = process.argv.slice(2)
if (args.includes('--help')) {
  console.log('Usage: npm run console:screenshots [-- --no-write]\nRuns the demo against a fresh wrangler dev on 127.0.0.1:8866, checks the console, writes docs/console/*.png.')
  process.exit(0)
}
const unknown = args.find((a) => a !== '--no-write')
if (unknown) {
  console.error(`console-screenshots: unknown option ${unknown} (try --help)`)
  process.exit(2)
}
const write = !args.includes('--no-write')
const PORT = Number(process.env.CONSOLE_SHOTS_PORT ?? 8866)
const OUT = join(ROOT, 'docs', 'console')
const CONSOLE = '/_tollgate/admin/console'
const step = (s) => console.log(`· ${s}`)

/** A rug pull through the demo MCP server, so the pins view has a definition awaiting review. */
async function rugPull(base) {
  const jwk = JSON.parse(readFileSync(join(ROOT, 'demo', 'keys', 'demo-signing-key.jwk.json'), 'utf8'))
  delete jwk._warning
  const now = Math.floor(Date.now() / 1000)
  const token = await new SignJWT({ scope: 'search:execute orders:read notifications:send mcp:pin', tier: 'premium' })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: jwk.kid })
    .setIssuer('https://demo.tollgate.local')
    .setAudience('https://api.demo.tollgate.local')
    .setSubject('demo-mcp-agent')
    .setJti(crypto.randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(await importJWK(jwk, 'EdDSA'))
  for (const query of ['', '?demo_variant=rugpull']) {
    const client = new Client({ name: 'console-screenshots', version: '1.0.0' }, { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() })
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp${query}`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }))
    await client.listTools()
    await client.close()
  }
}

installCleanupTrap()
const started = Date.now()
step(`starting wrangler dev on 127.0.0.1:${PORT}`)
const stack = await startStack(PORT)
let failures = 0
let browser
try {
  step('running npm run demo against it (about a minute)')
  const demo = await runToEnd(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'demo.mjs'), '--url', stack.base], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, timeoutMs: 240_000, label: 'demo' })
  if (demo.code !== 0) throw new Error(`npm run demo failed (${demo.code}):\n${(demo.stdout + demo.stderr).slice(-3000)}`)
  if (!demo.stdout.includes(`${stack.base}${CONSOLE}`)) throw new Error('the demo did not print the console URL')
  await rugPull(stack.base)

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('dialog', (d) => d.accept())
  await page.goto(`${stack.base}${CONSOLE}/login`)
  await page.fill('#token', ADMIN_TOKEN)
  await Promise.all([page.waitForURL(`${stack.base}${CONSOLE}`), page.click('button[type=submit]')])

  const feed = async (query) => {
    await page.goto(`${stack.base}${CONSOLE}/events?${query}`)
    return page.locator('tbody tr').count()
  }
  const expectations = [
    ['the injection rejection', 'code=INPUT_REJECTED&agent=demo-shopper'],
    ['the budget exhaustion', 'code=BUDGET_EXHAUSTED&agent=demo-analyst'],
    ["the scraper's throttle", 'code=RATE_LIMITED&agent=demo-scraper'],
    ["the scraper's block", 'code=AGENT_BLOCKED&agent=demo-scraper'],
    ['the revocation', 'code=TOKEN_REVOKED&agent=demo-shopper'],
  ]
  for (const [what, query] of expectations) {
    const n = await feed(query)
    console.log(`${n > 0 ? 'PASS' : 'FAIL'}  the console shows ${what} (${n} events)`)
    if (n === 0) failures++
  }
  await page.goto(`${stack.base}${CONSOLE}/agents/demo-scraper`)
  const scraper = (await page.textContent('h1')) ?? ''
  console.log(`${scraper.includes('blocked') ? 'PASS' : 'FAIL'}  the scraper's agent page shows it blocked`)
  if (!scraper.includes('blocked')) failures++

  if (write) {
    mkdirSync(OUT, { recursive: true })
    const shots = [
      ['overview', ''],
      ['feed', '/events?minutes=60'],
      ['agent', '/agents/demo-scraper'],
      ['pins', '/pins'],
    ]
    for (const [name, path] of shots) {
      await page.goto(`${stack.base}${CONSOLE}${path}`)
      await page.screenshot({ path: join(OUT, `${name}.png`) })
      step(`wrote docs/console/${name}.png`)
    }
  }
} catch (error) {
  failures++
  console.log(`FAIL  ${error instanceof Error ? error.message : String(error)}`)
} finally {
  await browser?.close()
  await stack.stop()
}
console.log(failures === 0 ? `console-screenshots: all checks passed in ${Math.round((Date.now() - started) / 1000)} s` : `console-screenshots: ${failures} check(s) failed`)
process.exit(failures === 0 ? 0 : 1)
