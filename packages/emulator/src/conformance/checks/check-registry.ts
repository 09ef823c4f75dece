import type { Check } from '../harness/check.js';
import type { ConformanceSession } from '../harness/session.js';
import { AUTHORIZE_CHECKS } from './authorize-checks.js';
import { CONSENT_CHECKS } from './consent-checks.js';
import { DATA_CHECKS, LEAK_CHECK } from './data-checks.js';
import { DELETION_CALLBACK_CHECKS, UNFURL_DELETE_CHECKS } from './deletion-checks.js';
import { EXCHANGE_CHECKS } from './exchange-checks.js';
import { REFRESH_CHECKS } from './refresh-checks.js';
import { FUZZ_CHECK, LATENCY_CHECK, ROBUSTNESS_CHECKS, STACK_TRACE_CHECK } from './robustness-checks.js';
import { TOKEN_CHECKS } from './token-checks.js';
import { UNFURL_CHECKS } from './unfurl-checks.js';
import { UPDATE_CHECKS } from './update-checks.js';

/**
 * Every check, in the order they run: what uses the first person's tokens first, what may end grants (replays,
 * deletion) late, and the checks that look at every answer collected (leaks, stack traces, latency) last.
 */
export const CHECKS: ReadonlyArray<Check<ConformanceSession>> = [
  ...AUTHORIZE_CHECKS,
  ...EXCHANGE_CHECKS,
  ...CONSENT_CHECKS,
  ...UNFURL_CHECKS,
  ...DATA_CHECKS,
  ...UPDATE_CHECKS,
  ...ROBUSTNESS_CHECKS,
  ...UNFURL_DELETE_CHECKS,
  // A replayed code or refresh token may revoke all of a person's grants (more than RFC 6749 asks): late.
  ...TOKEN_CHECKS,
  ...REFRESH_CHECKS,
  ...DELETION_CALLBACK_CHECKS,
  FUZZ_CHECK,
  LEAK_CHECK,
  STACK_TRACE_CHECK,
  LATENCY_CHECK,
];
