import type { Check } from '../harness/check.js';
import type { ConformanceSession } from '../harness/session.js';
import { AUTHORIZE_CHECKS } from './authorize-checks.js';
import { CONSENT_CHECKS } from './consent-checks.js';
import { DATA_CHECKS, LEAK_CHECK } from './data-checks.js';
import { DELETION_CHECKS } from './deletion-checks.js';
import { EXCHANGE_CHECKS } from './exchange-checks.js';
import { REFRESH_CHECKS } from './refresh-checks.js';
import { LATENCY_CHECK, ROBUSTNESS_CHECKS, STACK_TRACE_CHECK } from './robustness-checks.js';
import { TOKEN_CHECKS } from './token-checks.js';
import { UNFURL_CHECKS } from './unfurl-checks.js';
import { UPDATE_CHECKS } from './update-checks.js';

/**
 * Every check, in the order they run: the flows first, what ends a grant (deletion) late, and the checks that
 * look at every answer collected (leaks, stack traces, latency) last.
 */
export const CHECKS: ReadonlyArray<Check<ConformanceSession>> = [
  ...AUTHORIZE_CHECKS,
  ...EXCHANGE_CHECKS,
  ...CONSENT_CHECKS,
  ...TOKEN_CHECKS,
  ...REFRESH_CHECKS,
  ...UNFURL_CHECKS,
  ...DATA_CHECKS,
  ...UPDATE_CHECKS,
  ...ROBUSTNESS_CHECKS,
  ...DELETION_CHECKS,
  LEAK_CHECK,
  STACK_TRACE_CHECK,
  LATENCY_CHECK,
];
