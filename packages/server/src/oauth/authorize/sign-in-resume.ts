import type { SecretBox } from '../../crypto/secret-box.js';

const AAD = 'unfurlkit.authorize-resume';

/**
 * The authorize request carried through the product's sign-in page. `returnTo` must not hold Notion's `code`
 * and `state` in clear: the sign-in page's `next=` ends up in access logs, browser history and hidden fields.
 * So the original query travels sealed (AES-256-GCM, the server's key) with an expiry, as
 * `/notion/authorize?resume=<token>`; nothing is stored, so it works across processes.
 */
export function sealResume(box: SecretBox, query: string, expiresAt: number): string {
  const { keyId, sealed } = box.seal(JSON.stringify({ query, expiresAt }), AAD);
  return `${keyId}.${sealed}`;
}

/** The original query string, or undefined when the token is forged, altered, or expired. */
export function openResume(box: SecretBox, token: string, now: number): string | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 8_000) return undefined;
  try {
    const opened = JSON.parse(
      box.open({ keyId: token.slice(0, dot), sealed: token.slice(dot + 1) }, AAD),
    ) as {
      query?: unknown;
      expiresAt?: unknown;
    };
    if (typeof opened.query !== 'string' || typeof opened.expiresAt !== 'number' || now >= opened.expiresAt) {
      return undefined;
    }
    return opened.query;
  } catch {
    return undefined;
  }
}

/** A query string parsed the way Fastify parses one: a repeated name becomes an array (which the checks refuse). */
export function parseQuery(query: string): Record<string, string | string[]> {
  const parsed: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const existing = parsed[name];
    parsed[name] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return parsed;
}
