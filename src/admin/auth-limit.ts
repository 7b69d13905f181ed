/** @module The admin authentication limit's RPC contract (plain data), shared by the AdminAuthLimiter object and its client. */
import type { LockoutPolicy } from '../issuer/lockout'

export type AdminLockout = { readonly perAddress: LockoutPolicy; readonly overall: LockoutPolicy }

export type AdminAcquire =
  | { readonly allowed: true; readonly ticket: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly scope: 'address' | 'overall' }

/** One object for the whole deployment: the overall limit needs one counter. */
export const ADMIN_LIMITER_NAME = 'admin-auth'
