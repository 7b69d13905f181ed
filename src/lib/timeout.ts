/** @module Bounds the wait for a promise (an RPC, a fetch) without cancelling it. */
export class TimeoutError extends Error {
  override name = 'TimeoutError'
}

/**
 * Rejects with TimeoutError after `ms`; the timer is always cleared. One promise and two
 * callbacks, rather than `Promise.race(…).finally(…)`: this wraps every guard call.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError()), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
