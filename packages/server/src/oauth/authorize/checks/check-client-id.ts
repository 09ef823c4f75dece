import { safeEqual } from '@unfurlkit/core/http';
import type { AuthorizeCheck } from './authorize-check-type.js';
import { showPage } from './authorize-outcome.js';

/**
 * Rule: `client_id` must be ours. An unknown client gets an error page, never a redirect: we cannot know
 * where a stranger's redirect would lead (RFC 6749 §4.1.2.1).
 */
export const checkClientId: AuthorizeCheck = (params, { config }) => {
  if (params.repeated.includes('client_id') || params.clientId === undefined) {
    return showPage(400, 'Cannot connect', 'The request has no client_id (or more than one).');
  }
  if (!safeEqual(params.clientId, config.oauth.clientId)) {
    return showPage(400, 'Cannot connect', 'The client_id of this request is not one this service knows.');
  }
  return undefined;
};
