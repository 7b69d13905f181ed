/**
 * Issue 14 item 8: tollgate/client and tollgate/origin install as a package. `npm pack` builds lib/
 * (prepack), the tarball is installed into a scratch directory, and a consumer imports both entry
 * points by name, runs them, and type-checks against the shipped declarations (nodenext).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')
const NPM = { encoding: 'utf8' as const, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } }

describe('the installable package', () => {
  it('packs, installs into a scratch project, imports and type-checks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-pack-'))
    execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, ...NPM, stdio: ['ignore', 'pipe', 'pipe'] })
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!
    const listed = execFileSync('tar', ['-tzf', join(dir, tarball)], { encoding: 'utf8' })
    expect(listed).toContain('package/lib/origin/index.js')
    expect(listed).toContain('package/lib/origin/index.d.ts')
    expect(listed).toContain('package/lib/client/index.d.ts')
    expect(listed).not.toMatch(/package\/(src|test|demo)\//)

    const app = join(dir, 'app')
    execFileSync('mkdir', ['-p', app])
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }))
    execFileSync('npm', ['install', '--prefer-offline', '--no-package-lock', join(dir, tarball)], { cwd: app, ...NPM, stdio: ['ignore', 'pipe', 'pipe'] })
    writeFileSync(
      join(app, 'main.mjs'),
      `import { TollgateClient, TollgateError } from 'tollgate/client'
import { verify, tollgateOrigin, AssertionVerifier, ASSERTION_HEADER } from 'tollgate/origin'
const options = { issuer: 'https://api.example.com', audience: 'https://origin.example.com', jwks: { keys: [] } }
const refused = await verify(new Request('https://origin.example.com/x'), options)
console.log(JSON.stringify({ client: typeof TollgateClient, error: typeof TollgateError, mw: typeof tollgateOrigin(options), verifier: typeof AssertionVerifier, header: ASSERTION_HEADER, refused }))
`,
    )
    const out = JSON.parse(execFileSync(process.execPath, ['main.mjs'], { cwd: app, encoding: 'utf8' }))
    expect(out).toMatchObject({ client: 'function', error: 'function', mw: 'function', verifier: 'function', header: 'x-tollgate-assertion', refused: { ok: false, status: 401, code: 'ASSERTION_MISSING' } })

    writeFileSync(
      join(app, 'types.ts'),
      `import type { VerifyResult, VerifyOptions } from 'tollgate/origin'
import { TollgateClient } from 'tollgate/client'
const o: VerifyOptions = { issuer: 'https://a.example', audience: 'b', jwks: 'https://a.example/.well-known/tollgate/assertion-keys.json' }
export const check = (r: VerifyResult): string => (r.ok ? r.agent.id : r.code)
export const c: typeof TollgateClient = TollgateClient
export { o }
`,
    )
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2023', 'dom'], strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['types.ts'] }))
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', app], { cwd: app, encoding: 'utf8' })
  }, 300_000)
})
