/** @module A route with DLP off pays nothing: its answer object and body stream leave the stage untouched. */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load'
import type { Route } from '../../../src/config/routes'
import { dlpRespond } from '../../../src/pipeline/dlp'
import type { GatewayEnv } from '../../../src/pipeline/types'
import { minimalEnv } from '../../support/config-error'

const config = loadConfig({ ...minimalEnv(), DLP_POLICY: { secret: 'redact' }, ROUTES: [{ method: 'GET', path: '/off', dlp: 'off' }] })

describe('dlpRespond on a route with DLP off', () => {
  it('returns the very Response and body stream forward produced: no read, no wrapper, no TransformStream', async () => {
    let produced: Response | undefined
    const app = new Hono<GatewayEnv>()
    app.use('*', async (c, next) => {
      c.set('config', config)
      c.set('route', { key: 'GET /off' } as Route)
      await next()
    })
    app.get('/off', dlpRespond, () => {
      produced = new Response(new ReadableStream({ start: (ctl) => (ctl.enqueue(new TextEncoder().encode('sk_live_51DemoOnly4eC39HqLyjWDarjtT1zdp7dc')), ctl.close()) }), { headers: { 'content-type': 'text/plain' } })
      return produced
    })
    const res = await app.request('/off')
    expect(res).toBe(produced)
    expect(res.body).toBe(produced!.body)
    expect(res.bodyUsed).toBe(false)
  })
})
