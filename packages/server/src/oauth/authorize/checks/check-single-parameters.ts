import type { AuthorizeCheck } from './authorize-check-type.js';
import { redirectWithError } from './authorize-outcome.js';

/** Rule: no parameter may be given twice (RFC 6749 §3.1); client_id and redirect_uri were checked before. */
export const checkSingleParameters: AuthorizeCheck = (params) =>
  params.repeated.length > 0
    ? redirectWithError('invalid_request', `parameter given more than once: ${params.repeated.join(', ')}`)
    : undefined;
