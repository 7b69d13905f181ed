#!/usr/bin/env node
/**
 * @module `npm run bench:crypto`: per-request crypto costs in workerd (Miniflare), each timed from
 * outside over many repetitions minus an empty run: signing the gate assertion (SHA-256 of a 1 KB
 * body + an EdDSA or ES256 JWT), and the issuer's client-secret check (PBKDF2-SHA256, 100,000
 * iterations) cold and cached. Medians of several rounds; run it on an idle machine.
 */
import { build } from 'esbuild'
import { exportJWK, generateKeyPair } from 'jose'
import { Miniflare } from 'miniflare'
import { fileURLToPath } from 'node:url'
import { parseCli } from './lib/cli.mjs'

const { values } = parseCli({
  name: 'bench:crypto',
  usage: 'npm run bench:crypto -- [--rounds N]',
  about: 'Times the assertion signing and the issuer secret check inside workerd.',
  example: 'npm run bench:crypto -- --rounds 5',
  options: { rounds: { type: 'string' } },
})
const rounds = Number(values.rounds ?? 5)
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write('bench:crypto: --rounds must be a positive integer (see --help)\n')
  process.exit(2)
}
const root = fileURLToPath(new URL('..', import.meta.url))
const out = await build({ entryPoints: [`${root}bench/micro/crypto-worker.ts`], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], write: false, logLevel: 'error' })
const keys = async (alg) => {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) })
  return JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), kid: `bench-${alg}` }] })
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
for (const alg of ['EdDSA', 'ES256']) {
  const mf = new Miniflare({ modules: true, script: out.outputFiles[0].text, compatibilityDate: '2026-04-20', bindings: { KEYS: await keys(alg) } })
  const time = async (op, n) => {
    const t0 = performance.now()
    await (await mf.dispatchFetch(`http://bench/?op=${op}&n=${n}`)).text()
    return performance.now() - t0
  }
  await time('assert', 50)
  const per = async (op, n) => {
    const xs = []
    for (let r = 0; r < rounds; r++) xs.push(((await time(op, n)) - (await time('none', n))) / n)
    return median(xs)
  }
  console.log(`${alg}: gate assertion (digest of 1 KB + sign) ${(await per('assert', 2000) * 1000).toFixed(0)} µs per request`)
  if (alg === 'EdDSA') {
    console.log(`issuer: client secret PBKDF2-SHA256 100,000 iterations ${(await per('pbkdf2', 5)).toFixed(1)} ms per verification (cold)`)
    console.log(`issuer: client secret, already verified in this isolate ${(await per('cached', 2000) * 1000).toFixed(0)} µs per verification`)
  }
  await mf.dispose()
}
