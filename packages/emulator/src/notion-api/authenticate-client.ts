import { parseBasicAuth, safeEqual } from '@unfurlkit/core/http';

/** Whether the caller of `/v1/oauth/token` is the integration; the message when not (`invalid_client`). */
export type ClientAuthentication = { ok: true } | { ok: false; message: string };

/**
 * Client authentication at the token endpoint: HTTP Basic with the Notion client id and secret. Both parts
 * are always compared, in constant time, so timing does not tell which part was wrong.
 *
 * @example
 * authenticateClient(request.headers.authorization, { clientId, clientSecret }); // { ok: true }
 */
export function authenticateClient(
  authorization: string | undefined,
  expected: { clientId: string; clientSecret: string },
): ClientAuthentication {
  const credentials = parseBasicAuth(authorization);
  if (!credentials) {
    return {
      ok: false,
      message:
        'Client authentication is missing: send HTTP Basic auth with your Notion client id and secret.',
    };
  }
  const idOk = safeEqual(credentials.id, expected.clientId);
  const secretOk = safeEqual(credentials.secret, expected.clientSecret);
  return idOk && secretOk ? { ok: true } : { ok: false, message: 'Invalid client credentials.' };
}
