import { type OAuthErrorBody, type OAuthErrorCode, oauthErrorBody } from '@unfurlkit/core';

/**
 * The one JSON body every error answer of the server has (docs/errors.md, "How errors are answered"): RFC 6749
 * §5.2's `{error, error_description}` from core's registry, plus the request id the log line carries, so a person
 * reporting a failure can quote it. OAuth codes everywhere; `not_found` for a path no route serves.
 */
export type WireErrorCode = OAuthErrorCode | 'not_found';

export type WireErrorBody = Omit<OAuthErrorBody, 'error'> & { error: WireErrorCode; request_id: string };

/**
 * @example
 * wireErrorBody('invalid_grant', 'the code was already used', 'f4c1…')
 * // { error: 'invalid_grant', error_description: 'the code was already used', request_id: 'f4c1…' }
 */
export function wireErrorBody(
  error: WireErrorCode,
  description: string | undefined,
  requestId: string,
): WireErrorBody {
  if (error !== 'not_found') return { ...oauthErrorBody(error, description), request_id: requestId };
  return description === undefined
    ? { error, request_id: requestId }
    : { error, error_description: description, request_id: requestId };
}
