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
      refusedRedirectLog(params.redirectUri),
    );
  }
  return undefined;
};

/**
 * The operator's line for a refused redirect_uri: the value (JSON-quoted and cut short, since anyone can send
 * it) and the setting that would allow it. Notion's own callbacks are allowed by default; another value is
 * usually an emulator or a staging Notion that has to be added.
 *
 * @example refusedRedirectLog('http://127.0.0.1:4000/cb') // 'redirect_uri "http://127.0.0.1:4000/cb" refused: …'
 */
export function refusedRedirectLog(redirectUri: string): string {
  const shown = JSON.stringify(redirectUri.length > 300 ? `${redirectUri.slice(0, 300)}…` : redirectUri);
  return `redirect_uri ${shown} refused: it is not in OAUTH_REDIRECT_URIS; if it is yours, add it there (comma-separated, matched exactly)`;
}
