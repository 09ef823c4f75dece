/**
 * OAuth 2.0 error codes with the HTTP status each is answered with: RFC 6749 §4.1.2.1 (authorization
 * endpoint, sent in the redirect), §5.2 (token endpoint) and RFC 6750 §3.1 (bearer-protected resources).
 */
export const OAUTH_ERROR_STATUS = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  access_denied: 403,
  unsupported_response_type: 400,
  server_error: 500,
  temporarily_unavailable: 503,
  invalid_token: 401,
  insufficient_scope: 403,
} as const;

export type OAuthErrorCode = keyof typeof OAUTH_ERROR_STATUS;

/** Codes an authorization endpoint may put in its redirect (RFC 6749 §4.1.2.1). */
export const AUTHORIZE_ERROR_CODES = [
  'invalid_request',
  'unauthorized_client',
  'access_denied',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
] as const satisfies readonly OAuthErrorCode[];
export type AuthorizeErrorCode = (typeof AUTHORIZE_ERROR_CODES)[number];

/** The JSON body of an OAuth error (RFC 6749 §5.2). */
export interface OAuthErrorBody {
  error: OAuthErrorCode;
  error_description?: string;
}

/**
 * @example oauthErrorBody('invalid_grant', 'the code was already used')
 */
export function oauthErrorBody(error: OAuthErrorCode, description?: string): OAuthErrorBody {
  return description === undefined ? { error } : { error, error_description: description };
}

/**
 * The text Notion shows for a known authorize error code (SPEC §2 step 3; the emulator uses it). Unknown codes
 * get "unknown error".
 */
export const AUTHORIZE_ERROR_TEXT: Readonly<Record<AuthorizeErrorCode, string>> = {
  access_denied: 'You denied the request to connect your account.',
  invalid_request: 'The request to connect your account was invalid.',
  unauthorized_client: 'This integration is not allowed to connect accounts.',
  unsupported_response_type: 'The integration does not support this kind of connection.',
  invalid_scope: 'The integration asked for permissions it does not have.',
  server_error: 'The integration had a problem connecting your account.',
  temporarily_unavailable: 'The integration is temporarily unavailable. Try again later.',
};
