import { describe, expect, it } from 'vitest'
import { mintToken } from '../../support/tokens'
import { originSaw, send } from '../../support/http'

describe('smoke', () => {
  it('forwards an authorised request', async () => {
    const token = await mintToken({ scopes: ['products:read'] })
    const { response, requestId } = await send('/api/products', { token })
    const body = await response.json()
    expect(response.status, JSON.stringify(body)).toBe(200)
    expect(await originSaw(requestId)).toBe(true)
  })
})
