import { isAllowedRedirectUri } from '@unfurlkit/core';
import type { AuthorizeCheck } from './authorize-check-type.js';
import { showPage } from './authorize-outcome.js';

/**
 * Rule: `redirect_uri` must equal an allow-listed value exactly (no prefix or pattern match). Otherwise an error
 * page, never a redirect: this is the open-redirect defence (RFC 6749 §4.1.2.1, RFC 9700 §4.1).
 */
export const checkRedirectUri: AuthorizeCheck = (params, { config }) => {
  if (params.repeated.includes('redirect_uri') || params.redirectUri === undefined) {
    return showPage(400, 'Cannot connect', 'The request has no redirect_uri (or more than one).');
  }
  if (!isAllowedRedirectUri(config.oauth.redirectUris, params.redirectUri)) {
    return showPage(
      400,
      'Cannot connect',
      'The redirect_uri of this request is not registered with this service.',
    );
  }
  return undefined;
};
