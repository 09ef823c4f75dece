import type { AuthorizeCheck } from './authorize-check-type.js';
import { redirectWithError } from './authorize-outcome.js';

/** Rule: Notion's `code` is present and plausibly sized; it is what Allow exchanges for Notion's token. */
export const checkNotionCode: AuthorizeCheck = (params) => {
  if (params.notionCode === undefined) {
    return redirectWithError('invalid_request', "Notion's code is missing from the request");
  }
  if (params.notionCode.length > 512)
    return redirectWithError('invalid_request', "Notion's code is too long");
  return undefined;
};
