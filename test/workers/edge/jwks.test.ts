/** Remote JWKS: keys fetched once and cached; the endpoint going down after warm-up changes nothing. */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { appFor } from '../../../src/index'
import { mintToken } from '../../support/tokens'

const JWKS_URL = 'https://keys.test/.well-known/jwks.json'
const demoJwks = JSON.parse(String(env.JWT_JWKS)) as object

afterEach(() => vi.restoreAllMocks())

describe('remote JWKS', () => {
  it('warm keys keep working when the JWKS endpoint goes down', async () => {
    let up = true
    let fetches = 0
    const realFetch = globalThis.fetch
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input)
      if (url !== JWKS_URL) return realFetch(input, init)
      fetches++
      if (!up) throw new TypeError('Network connection lost.')
      return Response.json(demoJwks)
    })
    const e = { ...env, JWT_JWKS: undefined, JWKS_URL }
    const call = async () => {
      const ctx = createExecutionContext()
      const token = await mintToken({ scopes: ['products:read'] })
      const res = await appFor(e).fetch(new Request('https://edge.test/api/products', { headers: { authorization: `Bearer ${token}` } }), e, ctx)
      await waitOnExecutionContext(ctx)
      return res.status
    }
    expect(await call()).toBe(200)
    expect(await call()).toBe(200)
    expect(fetches).toBe(1)
    up = false
    for (let i = 0; i < 3; i++) expect(await call()).toBe(200)
    expect(fetches).toBe(1)
  })
})
