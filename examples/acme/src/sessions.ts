import { randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DemoUser } from './catalog.js';

/**
 * Acme's own sign-in sessions: a random id in an HttpOnly, SameSite=Lax cookie, the user in memory. (Lax, not
 * Strict: the browser arrives at the authorize URL from Notion, another site, and must still be signed in.)
 */
export const SESSION_COOKIE = 'acme_session';

/** Sessions end after 12 hours; at most this many live at once (the oldest goes first). */
const SESSION_TTL_MS = 12 * 3600 * 1000;
const MAX_SESSIONS = 10_000;

export class Sessions {
  readonly #sessions = new Map<string, { user: DemoUser; expiresAt: number }>();

  constructor(private readonly secureCookies: boolean) {}

  current(request: FastifyRequest): DemoUser | undefined {
    const id = request.cookies[SESSION_COOKIE];
    const session = id ? this.#sessions.get(id) : undefined;
    if (!session) return undefined;
    if (Date.now() >= session.expiresAt) {
      this.#sessions.delete(id!);
      return undefined;
    }
    return session.user;
  }

  signIn(reply: FastifyReply, user: DemoUser): void {
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, { user, expiresAt: Date.now() + SESSION_TTL_MS });
    while (this.#sessions.size > MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value!);
    reply.setCookie(SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secureCookies,
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
  }

  signOut(request: FastifyRequest, reply: FastifyReply): void {
    const id = request.cookies[SESSION_COOKIE];
    if (id) this.#sessions.delete(id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
