/**
 * `@unfurlkit/core/http`: the security helpers every HTTP-facing package shares, written once (HTML escaping,
 * log redaction, constant-time comparison, Basic and Bearer parsing, a token bucket). A subpath of its own, not
 * re-exported from `@unfurlkit/core`, because it uses `node:crypto` and `Buffer` while the main entry stays free
 * of I/O and runs anywhere.
 */
export { type BasicCredentials, basicAuthReadings, parseBasicAuth } from './basic-auth.js';
export { escapeHtml } from './escape-html.js';
export { parseBearer } from './parse-bearer.js';
export {
  isSecretName,
  REDACTED_LOG_PATHS,
  REDACTION_CENSOR,
  redactUrl,
  SECRET_FIELD_NAMES,
  SECRET_HEADER_NAMES,
} from './redaction.js';
export { type RequestTimeouts, requestTimeouts } from './request-timeouts.js';
export { safeEqual } from './safe-equal.js';
export { type BearerRefusal, checkStaticBearer } from './static-bearer.js';
export { type BucketState, PAUSE_RECOVERY_MS, type RateSetting, TokenBuckets } from './token-bucket.js';
