/**
 * @module GENERATED route table (empty): the production template ships with no routes. Import your
 * API's OpenAPI document with `npm run routes:import -- openapi.yaml`, which rewrites this file.
 */
export const ROUTE_TABLE: { readonly version: string; readonly source: string; readonly routes: readonly unknown[] } = {
  version: 'empty',
  source: '',
  routes: [],
}
