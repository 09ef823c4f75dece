import type { AuthorizeErrorCode } from '@unfurlkit/core';

/**
 * What a failed authorize check leads to. `page`: an error page and no redirect, because the redirect target
 * itself is not trusted (unknown client or redirect_uri). `redirect`: back to Notion with `error=` and the
 * `state` (RFC 6749 §4.1.2.1).
 */
export type AuthorizeFailure =
  | { kind: 'page'; status: number; title: string; message: string; log?: string }
  | { kind: 'redirect'; error: AuthorizeErrorCode; description: string };

/** An error page; `log` is a line for the operator (which setting to change), never shown to the browser. */
export function showPage(status: number, title: string, message: string, log?: string): AuthorizeFailure {
  return { kind: 'page', status, title, message, ...(log ? { log } : {}) };
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

/** What the Authorize URL answers, fully decided: an error page, or the browser sent back to Notion. */
export type AuthorizeAnswer = Extract<AuthorizeFailure, { kind: 'page' }> | { kind: 'back'; url: string };

/**
 * Back to Notion's redirect_uri with `params` and the request's `state`.
 *
 * @example
 * backToNotion('https://www.notion.so/cb', { code }, 'xyz'); // { kind: 'back', url: 'https://www.notion.so/cb?code=…&state=xyz' }
 */
export function backToNotion(
  redirectUri: string,
  params: Record<string, string | undefined>,
  state: string | undefined,
): AuthorizeAnswer {
  return { kind: 'back', url: authorizeRedirectUrl(redirectUri, { ...params, state }) };
}

/** A failed check's answer: its page, or back to the (verified) redirect_uri with `error=`. */
export function failureAnswer(
  failure: AuthorizeFailure,
  to: { redirectUri: string; state: string | undefined },
): AuthorizeAnswer {
  if (failure.kind === 'page') return failure;
  return backToNotion(
    to.redirectUri,
    { error: failure.error, error_description: failure.description },
    to.state,
  );
}
