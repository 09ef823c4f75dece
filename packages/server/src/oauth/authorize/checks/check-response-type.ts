import type { AuthorizeCheck } from './authorize-check-type.js';
import { redirectWithError } from './authorize-outcome.js';

/** Rule: `response_type` is `code`, the only flow Notion uses (SPEC §2). */
export const checkResponseType: AuthorizeCheck = (params) => {
  if (params.responseType === undefined)
    return redirectWithError('invalid_request', 'response_type is missing');
  if (params.responseType !== 'code') {
    return redirectWithError('unsupported_response_type', 'only response_type=code is supported');
  }
  return undefined;
};
