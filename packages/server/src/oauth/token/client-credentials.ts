/**
 * The client's credentials as presented: by HTTP Basic (`client_secret_basic`) and/or in the form
 * (`client_secret_post`). The library picks Basic silently when both are present; RFC 6749 §2.3 says a client
 * must not use more than one method. We tolerate both when they agree (some clients send both), and refuse two
 * that disagree as `invalid_request`: which one would be "the" client is ambiguous.
 */
export interface PresentedCredentials {
  basic?: { id: string; secret: string };
  post?: { id?: string; secret?: string };
}

export function readPresentedCredentials(
  authorization: string | undefined,
  body: Record<string, unknown>,
): PresentedCredentials {
  const presented: PresentedCredentials = {};
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (match) {
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1) presented.basic = { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
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

/** The client id presented, for the per-client failure counter. */
export function presentedClientId(presented: PresentedCredentials): string | undefined {
  return presented.basic?.id ?? presented.post?.id;
}
