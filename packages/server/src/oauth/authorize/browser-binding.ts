import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context/server-context.js';
import { hashSecret, newSecret } from '../../crypto/tokens.js';

/**
 * CSRF defence for the consent form (SECURITY: authorize). The form carries an unguessable token; an HttpOnly
 * cookie carries a random value binding the browser. The pending request stores only `sha256(token:binding)`,
 * so a POST counts only with both the page's token and the browser that loaded it, and only for the person the
 * page was shown to.
 *
 * SameSite=Lax, not Strict: the browser arrives at the authorize URL from Notion, another site, and a Strict
 * cookie is not sent on that navigation, so each arrival would mint a new binding and break a consent tab
 * opened before it. Lax is sent on top-level navigations but never on another site's POST, which is what
 * matters for a form: a cross-site POST carries no binding and fails.
 */
export const BINDING_COOKIE = 'unfurlkit_consent';

export function browserBinding(request: FastifyRequest, reply: FastifyReply, context: ServerContext): string {
  const existing = request.cookies[BINDING_COOKIE];
  if (existing && /^ufk_csrf_[\w-]{43}$/.test(existing)) return existing;
  const binding = newSecret('csrf', context.random);
  reply.setCookie(BINDING_COOKIE, binding, {
    httpOnly: true,
    sameSite: 'lax',
    secure: context.config.publicUrl.startsWith('https://'),
    path: context.config.paths.authorize,
  });
  return binding;
}

export function csrfHash(token: string, binding: string): string {
  return hashSecret(`${token}:${binding}`);
}
