/**
 * Issue 14 item 3: GitHub's REST API description (@octokit/openapi, 1,200+ operations) imported
 * and compiled into the bundle in place of the demo's table; the gateway routes and validates its
 * operations. The demo origin stands in for api.github.com (it answers 404 to paths it does not
 * serve, echoing what it received, after verifying the gate assertion).
 */
import { env } from 'cloudflare:workers'
import { describe, it } from 'vitest'
import { loadConfig } from '../../src/config/load'
import { originSaw, send } from '../support/http'
import { mintToken } from '../support/tokens'

type Echo = { error: string; received: { method: string; path: string; query: string } }
type Problem = { code: string; errors?: Array<{ pointer: string; keyword: string }> }

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })

describe("GitHub's OpenAPI document as the bundled route table", () => {
  it('every importable operation is a route (the table is the bundle’s, not an env var)', async ({ expect }) => {
    const config = loadConfig(env)
    expect(config.routes.length).toBe(Number(env['OPENAPI_ROUTE_COUNT']))
    expect(config.routes.length).toBeGreaterThan(1000)
    expect(Number(env['OPENAPI_OPERATION_COUNT']) - config.routes.length).toBeLessThan(5)
    expect(config.routes.some((r) => r.key === 'GET /repos/:owner/:repo/issues')).toBe(true)
  })

  it.for([
    ['GET', '/repos/octocat/hello-world/issues?state=open&per_page=50&labels=bug,ui'],
    ['GET', '/users/octocat/repos?type=owner&sort=updated'],
    ['GET', '/repos/octocat/hello-world/pulls/comments?sort=created&direction=desc'],
    ['GET', '/repos/octocat/hello-world/pulls/42'],
    ['GET', '/orgs/github/members?per_page=10&page=2'],
  ] as const)('%s %s is routed and forwarded', async ([method, path], { expect }) => {
    const { response, requestId } = await send(path, { method, token: await mintToken() })
    const echo = (await response.json()) as Echo
    expect(response.headers.get('x-demo-origin')).toBe('tollgate-demo')
    expect(echo.received.path).toBe(path.split('?')[0])
    expect(await originSaw(requestId)).toBe(true)
  })

  it('a JSON body that satisfies the operation schema is forwarded', async ({ expect }) => {
    const { response, requestId } = await send('/repos/octocat/hello-world/issues', { token: await mintToken(), ...json({ title: 'Found a bug', labels: ['bug'] }) })
    expect(((await response.json()) as Echo).received.method).toBe('POST')
    expect(await originSaw(requestId)).toBe(true)
  })

  it.for([
    ['a query value of the wrong type', 'GET', '/repos/octocat/hello-world/issues?per_page=abc', undefined, '/query/per_page'],
    ['a query value outside its enum', 'GET', '/repos/octocat/hello-world/issues?state=deleted', undefined, '/query/state'],
    ['an undeclared query parameter', 'GET', '/repos/octocat/hello-world/issues?debug=1', undefined, '/query/debug'],
    ['a repeated scalar query parameter', 'GET', '/repos/octocat/hello-world/issues?state=open&state=closed', undefined, '/query/state'],
    ['a path parameter of the wrong type', 'GET', '/repos/octocat/hello-world/pulls/forty-two', undefined, '/path/pull_number'],
    ['a body missing a required property', 'POST', '/repos/octocat/hello-world/issues', { body: 'no title' }, ''], // required is reported on the object,
    ['a body with an undeclared property', 'POST', '/repos/octocat/hello-world/issues', { title: 't', is_admin: true }, '/is_admin'],
    ['a body property of the wrong type', 'POST', '/repos/octocat/hello-world/issues', { title: 't', labels: 'bug' }, '/labels'],
  ] as const)('%s → 422 SCHEMA_VIOLATION naming it, origin not called', async ([, method, path, body, pointer], { expect }) => {
    const { response, requestId } = await send(path, { method, token: await mintToken(), ...(body ? json(body) : {}) })
    expect(response.status).toBe(422)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    const problem = (await response.json()) as Problem
    expect(problem.code).toBe('SCHEMA_VIOLATION')
    expect(problem.errors?.map((e) => e.pointer)).toContain(pointer)
    expect(await originSaw(requestId)).toBe(false)
  })

  it.for([
    ['GET', '/repos/octocat/hello-world/not-an-endpoint'],
    ['PATCH', '/users/octocat'],
    ['GET', '/api/products'],
  ] as const)('%s %s is no operation of the document → 404 ROUTE_NOT_FOUND, origin not called', async ([method, path], { expect }) => {
    const { response, requestId } = await send(path, { method, token: await mintToken() })
    expect(response.status).toBe(404)
    expect(((await response.json()) as Problem).code).toBe('ROUTE_NOT_FOUND')
    expect(await originSaw(requestId)).toBe(false)
  })
})
