import type { AuthorizeErrorCode } from '@unfurlkit/core';

/**
 * What a failed authorize check leads to. `page`: an error page and no redirect, because the redirect target
 * itself is not trusted (unknown client or redirect_uri). `redirect`: back to Notion with `error=` and the
 * `state` (RFC 6749 §4.1.2.1).
 */
export type AuthorizeFailure =
  | { kind: 'page'; status: number; title: string; message: string }
  | { kind: 'redirect'; error: AuthorizeErrorCode; description: string };

export function showPage(status: number, title: string, message: string): AuthorizeFailure {
  return { kind: 'page', status, title, message };
}

export function redirectWithError(error: AuthorizeErrorCode, description: string): AuthorizeFailure {
  return { kind: 'redirect', error, description };
}

/**
 * The URL Notion's browser is sent back to: the registered redirect_uri with our parameters added (keeping any
 * query the redirect_uri already has, RFC 6749 §3.1.2).
 */
export function authorizeRedirectUrl(
  redirectUri: string,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}
