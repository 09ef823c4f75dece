import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashSecret, newSecret } from '../../crypto/tokens.js';
import type { ServerContext } from '../../server-context.js';

/**
 * CSRF defence for the consent form (SECURITY: authorize). The form carries an unguessable token; a
 * SameSite=Strict, HttpOnly cookie carries a random value binding the browser. The pending request stores only
 * `sha256(token:binding)`, so a POST counts only with both the page's token and the browser that loaded it, and
 * another site can neither read the token nor send the cookie. One binding per browser session keeps several
 * consent tabs working at once.
 */
export const BINDING_COOKIE = 'unfurlkit_consent';

export function browserBinding(request: FastifyRequest, reply: FastifyReply, context: ServerContext): string {
  const existing = request.cookies[BINDING_COOKIE];
  if (existing && /^ufk_csrf_[\w-]{43}$/.test(existing)) return existing;
  const binding = newSecret('csrf', context.random);
  reply.setCookie(BINDING_COOKIE, binding, {
    httpOnly: true,
    sameSite: 'strict',
    secure: context.config.publicUrl.startsWith('https://'),
    path: context.config.paths.authorize,
  });
  return binding;
}

export function csrfHash(token: string, binding: string): string {
  return hashSecret(`${token}:${binding}`);
}
