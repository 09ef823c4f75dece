import { randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DemoUser } from './catalog.js';

/**
 * Acme's own sign-in sessions: a random id in an HttpOnly, SameSite=Lax cookie, the user in memory. (Lax, not
 * Strict: the browser arrives at the authorize URL from Notion, another site, and must still be signed in.)
 */
export const SESSION_COOKIE = 'acme_session';

export class Sessions {
  readonly #users = new Map<string, DemoUser>();

  constructor(private readonly secureCookies: boolean) {}

  current(request: FastifyRequest): DemoUser | undefined {
    const id = request.cookies[SESSION_COOKIE];
    return id ? this.#users.get(id) : undefined;
  }

  signIn(reply: FastifyReply, user: DemoUser): void {
    const id = randomBytes(32).toString('base64url');
    this.#users.set(id, user);
    reply.setCookie(SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secureCookies,
      path: '/',
    });
  }

  signOut(request: FastifyRequest, reply: FastifyReply): void {
    const id = request.cookies[SESSION_COOKIE];
    if (id) this.#users.delete(id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
