import type { AuthorizeCheck } from './authorize-check-type.js';
import { redirectWithError } from './authorize-outcome.js';

/** RFC 6749 Appendix A.5: state = 1*VSCHAR, the printable ASCII characters %x20-7E. */
const VSCHAR = /^[\x20-\x7e]+$/;

/**
 * Rule: `state`, when present, is printable ASCII (RFC 6749 A.5) and at most 2,000 characters; it is then
 * stored and returned byte for byte. (A NUL would also be refused by PostgreSQL text columns.)
 */
export const checkState: AuthorizeCheck = (params) => {
  if (params.state === undefined) return undefined;
  if (params.state.length > 2_000)
    return redirectWithError('invalid_request', 'state is longer than 2,000 characters');
  if (!VSCHAR.test(params.state))
    return redirectWithError('invalid_request', 'state must be printable ASCII (RFC 6749 A.5)');
  return undefined;
};
