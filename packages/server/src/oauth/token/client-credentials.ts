import { type BasicCredentials, parseBasicAuth, safeEqual } from '@unfurlkit/core/http';

/**
 * The client's credentials as presented: by HTTP Basic (`client_secret_basic`) and/or in the form
 * (`client_secret_post`). The library picks Basic silently when both are present; RFC 6749 §2.3 says a client
 * must not use more than one method. We tolerate both when they agree (some clients send both), and refuse two
 * that disagree as `invalid_request`: which one would be "the" client is ambiguous.
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
  if (post.id !== undefined && post.id !== basic.id) {
    return 'client_id in the body differs from the one in the Authorization header; use one method';
  }
  if (post.secret !== undefined && post.secret !== basic.secret) {
    return 'client_secret in the body differs from the one in the Authorization header; use one method';
  }
  return undefined;
}

/**
 * Whether the presented credentials are the client's own (Basic first, as the library reads them), compared in
 * constant time. Decides whether a failure may count against, and be held back by, the per-client limit.
 */
export function credentialsVerify(
  presented: PresentedCredentials,
  client: { clientId: string; clientSecret: string },
): boolean {
  const id = presented.basic?.id ?? presented.post?.id;
  const secret = presented.basic?.secret ?? presented.post?.secret;
  if (id === undefined || secret === undefined) return false;
  // Both comparisons always run: no early exit that would time the client id apart from the secret.
  const idOk = safeEqual(id, client.clientId);
  const secretOk = safeEqual(secret, client.clientSecret);
  return idOk && secretOk;
}
