#!/usr/bin/env node
/**
 * @module Mints a DEMO agent token signed with the demo-only EdDSA key. Prints only the token.
 *
 *   npm run token -- --sub agent-1 --tier standard --scopes products:read,reviews:write
 *   options: --ttl SECONDS (negative allowed)  --iss URL  --aud URL  --nbf-offset SECONDS
 *            --no-jti  --claim key=value (repeatable; value parsed as JSON when it can be)
 */
import { readFileSync } from 'node:fs'
import { parseCli } from './lib/cli.mjs'
import { importJWK, SignJWT } from 'jose'

const DEMO_KEY = new URL('../demo/keys/demo-signing-key.jwk.json', import.meta.url)
const DEFAULTS = { iss: 'https://demo.tollgate.local', aud: 'https://api.demo.tollgate.local' }

/** Node 20's parseArgs refuses `--ttl -60`; join numeric option values so negatives work. */
const argv = process.argv.slice(2).reduce((out, arg, i, all) => {
  if (/^-\d/.test(arg) && /^--(ttl|nbf-offset)$/.test(all[i - 1] ?? '')) out[out.length - 1] += `=${arg}`
  else out.push(arg)
  return out
}, [])

const { values } = parseCli({
  name: 'token',
  argv,
  usage: 'npm run -s token -- [--sub ID] [--tier T] [--scopes a,b] [--ttl SECONDS] [--iss URL] [--aud URL] [--nbf-offset S] [--no-jti] [--claim k=v]…',
  about: 'Mints a DEMO agent token signed with the demo-only key (demo/keys). Prints only the token.',
  example: 'npm run -s token -- --sub agent-1 --tier standard --scopes products:read,search:execute',
  options: {
    sub: { type: 'string', default: 'agent-1' },
    tier: { type: 'string' },
    scopes: { type: 'string', default: '' },
    ttl: { type: 'string', default: '300' },
    iss: { type: 'string', default: DEFAULTS.iss },
    aud: { type: 'string', default: DEFAULTS.aud },
    'nbf-offset': { type: 'string' },
    'no-jti': { type: 'boolean', default: false },
    claim: { type: 'string', multiple: true, default: [] },
  },
})

function fail(message) {
  process.stderr.write(`token: ${message}\n`)
  process.exit(2)
}

const ttl = Number(values.ttl)
if (!Number.isInteger(ttl)) fail('--ttl must be an integer number of seconds')
const now = Math.floor(Date.now() / 1000)
const claims = { scope: values.scopes.split(',').map((s) => s.trim()).filter(Boolean).join(' ') }
if (values.tier) claims.tier = values.tier
for (const kv of values.claim) {
  const i = kv.indexOf('=')
  if (i < 1) fail(`--claim expects key=value, got "${kv}"`)
  const raw = kv.slice(i + 1)
  try {
    claims[kv.slice(0, i)] = JSON.parse(raw)
  } catch {
    claims[kv.slice(0, i)] = raw
  }
}

const jwk = JSON.parse(readFileSync(DEMO_KEY, 'utf8'))
delete jwk._warning
const key = await importJWK(jwk, 'EdDSA')
let jwt = new SignJWT(claims)
  .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: jwk.kid })
  .setSubject(values.sub)
  .setIssuer(values.iss)
  .setAudience(values.aud)
  .setIssuedAt(now)
  .setExpirationTime(now + ttl)
if (!values['no-jti']) jwt = jwt.setJti(crypto.randomUUID())
if (values['nbf-offset'] !== undefined) jwt = jwt.setNotBefore(now + Number(values['nbf-offset']))
process.stdout.write((await jwt.sign(key)) + '\n')
