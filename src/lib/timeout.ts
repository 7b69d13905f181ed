/** @module Bounds the wait for a promise (an RPC, a fetch) without cancelling it. */
export class TimeoutError extends Error {
  override name = 'TimeoutError'
}

/** Rejects with TimeoutError after `ms`; the timer is always cleared. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
