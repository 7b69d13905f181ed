/** @module The Tollgate agent client, for agent builders: `import { TollgateClient } from 'tollgate/client'`. */
export { TollgateClient, type CallInit, type ClientEvent, type TollgateClientOptions } from './client.js'
export { isTollgateError, OAuthTokenError, TollgateError, TollgateRateLimitError, type Problem, type TollgateErrorCode } from './errors.js'
export { DEFAULT_RETRY, parseRateLimit, parseRetryAfter, retryDelayMs, serverWaitMs, type RateLimitEntry, type RetryOptions } from './retry.js'
export { scopeKey, TokenCache, type AccessToken } from './token-cache.js'
