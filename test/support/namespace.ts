/** @module A stand-in Durable Object namespace for config tests in Node: it passes the binding check and is never called. */
export function fakeNamespace(): { getByName(name: string): never } {
  return {
    getByName() {
      throw new Error('fakeNamespace: unit tests never reach a Durable Object')
    },
  }
}
