import { type BasicCredentials, basicAuthReadings, parseBasicAuth, safeEqual } from '@unfurlkit/core/http';

/**
 * The client's credentials as presented: by HTTP Basic (`client_secret_basic`) and/or in the form
 * (`client_secret_post`). The library picks Basic silently when both are present; RFC 6749 §2.3 says a client
 * must not use more than one method. We tolerate both when they agree (some clients send both), and refuse two
 * that disagree as `invalid_request`: which one would be "the" client is ambiguous.
 *
 * Basic values are kept raw here; each has up to two readings (`basicAuthReadings`): raw, as Notion sends them,
 * and form-urlencoded-decoded, as RFC 6749 §2.3.1 prescribes and standard clients send them.
 */
export interface PresentedCredentials {
  basic?: BasicCredentials;
  post?: { id?: string; secret?: string };
}

export function readPresentedCredentials(
  authorization: string | undefined,
  body: Record<string, unknown>,
): PresentedCredentials {
  const presented: PresentedCredentials = {};
  // The same grammar as `basic-auth`, which the library reads Basic with: the two must agree on what is Basic.
  const basic = parseBasicAuth(authorization);
  if (basic) presented.basic = basic;
  const id = typeof body.client_id === 'string' ? body.client_id : undefined;
  const secret = typeof body.client_secret === 'string' ? body.client_secret : undefined;
  if (id !== undefined || secret !== undefined) presented.post = { id, secret };
  return presented;
}

/** A description of the conflict, or undefined when the credentials are consistent. */
export function credentialConflict(presented: PresentedCredentials): string | undefined {
  const { basic, post } = presented;
  if (!basic || !post) return undefined;
  const readings = basicAuthReadings(basic);
  if (post.id !== undefined && !readings.some((reading) => reading.id === post.id)) {
    return 'client_id in the body differs from the one in the Authorization header; use one method';
  }
  const agrees = (reading: BasicCredentials) =>
    (post.id === undefined || reading.id === post.id) && reading.secret === post.secret;
  if (post.secret !== undefined && !readings.some(agrees)) {
    return 'client_secret in the body differs from the one in the Authorization header; use one method';
  }
  return undefined;
}

/**
 * The id and secret the request authenticates with (Basic first, as the library reads them): of Basic's
 * readings the one that is the client's own, else the raw one; or the form's. Undefined when neither is given.
 * Every reading is compared, in constant time, with no early exit.
 *
 * @example
 * effectiveCredentials({ basic: { id: 'a%2Db', secret: 's' } }, { clientId: 'a-b', clientSecret: 's' })
 * // { id: 'a-b', secret: 's' }
 */
export function effectiveCredentials(
  presented: PresentedCredentials,
  client: { clientId: string; clientSecret: string },
): { id: string; secret?: string } | undefined {
  if (presented.basic) {
    const readings = basicAuthReadings(presented.basic);
    const matches = readings.map((reading) => credentialsMatch(reading, client));
    return readings[matches.indexOf(true)] ?? presented.basic;
  }
  const { post } = presented;
  if (post?.id === undefined) return undefined;
  return post.secret === undefined ? { id: post.id } : { id: post.id, secret: post.secret };
}

/**
 * Whether the presented credentials are the client's own, compared in constant time. Decides whether a failure
 * may count against, and be held back by, the per-client limit.
 */
export function credentialsVerify(
  presented: PresentedCredentials,
  client: { clientId: string; clientSecret: string },
): boolean {
  const credentials = effectiveCredentials(presented, client);
  if (credentials?.secret === undefined) return false;
  return credentialsMatch({ id: credentials.id, secret: credentials.secret }, client);
}

function credentialsMatch(
  credentials: BasicCredentials,
  client: { clientId: string; clientSecret: string },
): boolean {
  // Both comparisons always run: no early exit that would time the client id apart from the secret.
  const idOk = safeEqual(credentials.id, client.clientId);
  const secretOk = safeEqual(credentials.secret, client.clientSecret);
  return idOk && secretOk;
}
