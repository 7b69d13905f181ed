#!/usr/bin/env node
/**
 * @module `npm run client -- add|rotate|remove`: issuer configuration for operators.
 *
 *   add <client_id> --scopes a,b [--tier free] [--agent-id ID] [--agent-type T] [--agent-version V]
 *                   [--owner O] [--max-rpm N] [--format toml|json|env]
 *       A new OAuth client: prints its OAUTH_CLIENTS entry (PBKDF2 hash only) and, once, its secret.
 *   rotate [--alg EdDSA|ES256] [--kid KID] [--keys FILE]
 *       A new signing key: the ISSUER_SIGNING_KEYS secret (FILE holds the current one, to add to it)
 *       and the public JWK that JWT_JWKS (or whatever your verifiers read) must carry.
 *   rotate --client <client_id> [--hash CURRENT_HASH]
 *       A new secret for an existing client: both hashes are accepted until you drop the old one.
 *   remove <client_id> [--env-file FILE | --clients FILE]
 *       The OAUTH_CLIENTS list without that client, and the admin call that revokes its tokens.
 *
 * Runs with tsx so it shares src/issuer/secret-hash.ts with the worker: one hash format.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { exportJWK, generateKeyPair } from 'jose'
import { hashSecret } from '../src/issuer/secret-hash.ts'
import { encodeBase64url as toBase64Url } from '../src/lib/base64.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    scopes: { type: 'string' },
    tier: { type: 'string' },
    'agent-id': { type: 'string' },
    'agent-type': { type: 'string' },
    'agent-version': { type: 'string' },
    owner: { type: 'string' },
    'max-rpm': { type: 'string' },
    format: { type: 'string', default: 'toml' },
    alg: { type: 'string', default: 'EdDSA' },
    kid: { type: 'string' },
    keys: { type: 'string' },
    client: { type: 'string' },
    hash: { type: 'string' },
    'env-file': { type: 'string' },
    clients: { type: 'string' },
  },
})

const [command, id] = positionals
const out = (s = '') => process.stdout.write(s + '\n')
function fail(message) {
  process.stderr.write(`client: ${message}\n`)
  process.exit(2)
}

/** 256 random bits; the prefix lets secret scanners recognise a leaked one. */
const newSecret = () => `tgcs_${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`
const tomlValue = (v) => (Array.isArray(v) ? `[${v.map(tomlValue).join(', ')}]` : typeof v === 'number' ? String(v) : JSON.stringify(v))

function toml(entry) {
  return ['[[vars.OAUTH_CLIENTS]]', ...Object.entries(entry).map(([k, v]) => `${k} = ${tomlValue(v)}`)].join('\n')
}

function readClients() {
  if (values.clients) return JSON.parse(readFileSync(values.clients, 'utf8'))
  const file = values['env-file'] ?? 'demo/demo.env'
  const line = readFileSync(file, 'utf8').match(/^OAUTH_CLIENTS=(.*)$/m)?.[1]
  if (!line) fail(`no OAUTH_CLIENTS= line in ${file}; pass --clients FILE with the JSON list`)
  return JSON.parse(line.replace(/\\\$/g, '$'))
}

async function add() {
  if (!id) fail('add needs a client id: npm run client -- add <client_id> --scopes a,b')
  if (!/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/.test(id)) fail('client ids use letters, digits and . _ : @ - (≤ 128)')
  const scopes = (values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  if (scopes.length === 0) fail('--scopes is required (comma-separated)')
  const secret = newSecret()
  const entry = { client_id: id, secret_hash: await hashSecret(secret), scopes }
  if (values.tier) entry.tier = values.tier
  if (values['agent-id']) entry.agent_id = values['agent-id']
  if (values['agent-type']) entry.agent_type = values['agent-type']
  if (values['agent-version']) entry.agent_version = values['agent-version']
  if (values.owner) entry.owner = values.owner
  if (values['max-rpm']) entry.max_rpm = Number(values['max-rpm'])
  if (values.format === 'json') {
    out('# Append this object to the OAUTH_CLIENTS JSON list (it holds only the hash):')
    out(JSON.stringify(entry))
  } else if (values.format === 'env') {
    // wrangler's .env loader expands $NAME, so every `$` of the hash is escaped.
    out('# For a .env file (wrangler dev --env-file); merge into an existing OAUTH_CLIENTS list by hand:')
    out(`OAUTH_CLIENTS=${JSON.stringify([entry]).replace(/\$/g, '\\$')}`)
  } else {
    out('# Add to wrangler.toml (the hash is safe to commit; the secret is not in it):')
    out(toml(entry))
  }
  out()
  out(`# Client secret for "${id}": shown only now. Hand it to the agent's operator as a secret:`)
  out(secret)
}

async function rotateKey() {
  const alg = values.alg
  if (alg !== 'EdDSA' && alg !== 'ES256') fail('--alg is EdDSA or ES256')
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '')
  const kid = values.kid ?? `tollgate-${alg.toLowerCase()}-${date}-${toBase64Url(crypto.getRandomValues(new Uint8Array(3)))}`
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) })
  const jwk = { ...(await exportJWK(privateKey)), kid, alg }
  const { d: _d, ...pub } = jwk
  const publicJwk = { ...pub, use: 'sig' }
  if (values.keys) {
    const current = JSON.parse(readFileSync(values.keys, 'utf8'))
    const active = current.active ?? current.keys?.[0]?.kid
    const next = { keys: [...current.keys, jwk], active }
    out(`# Step 1: publish the new key (${kid}) while ${active} keeps signing.`)
    out('#   ISSUER_SIGNING_KEYS (wrangler secret put ISSUER_SIGNING_KEYS):')
    out(JSON.stringify(next))
    out('#   and add this public JWK to JWT_JWKS (or to the JWKS your other deployments fetch):')
    out(JSON.stringify(publicJwk))
    out(`# Step 2, after verifiers refreshed their JWKS (JWKS_CACHE_SECONDS, default 600 s): set "active": "${kid}".`)
    out(`# Step 3, after the longest token lifetime (ISSUER_TOKEN_TTL_SECONDS) more: remove ${active} from both.`)
  } else {
    out('# ISSUER_SIGNING_KEYS (a secret: wrangler secret put ISSUER_SIGNING_KEYS):')
    out(JSON.stringify({ keys: [jwk], active: kid }))
    out('# Public JWK: add it to JWT_JWKS, which the verifier reads (the worker cannot fetch its own JWKS):')
    out(JSON.stringify(publicJwk))
  }
}

async function rotateClientSecret() {
  const secret = newSecret()
  const hash = await hashSecret(secret)
  out(`# New secret_hash for "${values.client}". During the switch-over accept both, then drop the old one:`)
  out(`secret_hash = ${tomlValue(values.hash ? [values.hash, hash] : [hash])}`)
  out()
  out(`# New client secret for "${values.client}": shown only now.`)
  out(secret)
}

function remove() {
  if (!id) fail('remove needs a client id')
  const clients = readClients()
  const gone = clients.find((c) => c.client_id === id)
  if (!gone) fail(`no client "${id}" in the list`)
  const rest = JSON.stringify(clients.filter((c) => c.client_id !== id))
  out(`# OAUTH_CLIENTS without "${id}" (in wrangler.toml, delete its [[vars.OAUTH_CLIENTS]] block):`)
  out(values.clients ? rest : `OAUTH_CLIENTS=${rest.replace(/\$/g, '\\$')}`)
  out()
  out('# Tokens it already holds stay valid until they expire (≤ 15 min). To end them now:')
  out(`curl -X POST -H "authorization: Bearer $ADMIN_TOKEN" -H "content-type: application/json" \\`)
  out(`  -d '{"all":true}' https://<your-edge>/_tollgate/admin/agents/${gone.agent_id ?? id}/revoke`)
}

switch (command) {
  case 'add':
    await add()
    break
  case 'rotate':
    await (values.client ? rotateClientSecret() : rotateKey())
    break
  case 'remove':
    remove()
    break
  default:
    fail('usage: npm run client -- add <client_id> --scopes a,b | rotate [--alg EdDSA|ES256] [--keys FILE] | rotate --client <id> | remove <client_id>')
}
