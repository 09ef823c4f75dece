import type { AuthorizeCheck } from './authorize-check-type.js';
import { redirectWithError } from './authorize-outcome.js';

/** Splits a scope string (space-delimited, RFC 6749 §3.3; commas tolerated). */
export function scopeList(scope: string | undefined | null): string[] {
  return (scope ?? '').split(/[\s,]+/).filter(Boolean);
}

/** Rule: every requested scope is one the integration registered (`OAUTH_SCOPES`). */
export const checkScope: AuthorizeCheck = (params, { config }) => {
  const unknown = scopeList(params.scope).filter((scope) => !config.oauth.scopes.includes(scope));
  if (unknown.length === 0) return undefined;
  const allowed = config.oauth.scopes.length > 0 ? config.oauth.scopes.join(' ') : 'none';
  return redirectWithError('invalid_scope', `unknown scope ${unknown.join(' ')}; allowed: ${allowed}`);
};
