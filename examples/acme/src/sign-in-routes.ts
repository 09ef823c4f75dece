import { safeEqual } from '@unfurlkit/core/http';
import type { FastifyInstance } from 'fastify';
import { safeReturnPath } from 'unfurlkit';
import { DEMO_USERS } from './catalog.js';
import { homePage, signInPage } from './pages.js';
import { sameOrigin } from './same-origin.js';
import type { Sessions } from './sessions.js';

/**
 * Acme's home page and its own sign-in: the page the `authenticate` hook sends a person to, which returns them to
 * `next` (a local path only) once signed in.
 */
export function registerSignInRoutes(app: FastifyInstance, sessions: Sessions): void {
  app.get('/', async (request, reply) =>
    reply.type('text/html').send(homePage(sessions.current(request)?.name)),
  );
  app.get('/login', async (request, reply) => {
    const next = safeReturnPath((request.query as Record<string, unknown>).next);
    return reply.type('text/html').send(signInPage(next, undefined, sessions.current(request)?.name));
  });
  app.post('/login', async (request, reply) => {
    // Login CSRF: another site must not sign the visitor in to an account of its choosing.
    if (!sameOrigin(request)) return reply.code(403).send({ error: 'cross-site form' });
    const form = (request.body ?? {}) as Record<string, unknown>;
    const next = safeReturnPath(form.next);
    const password = typeof form.password === 'string' ? form.password : undefined;
    const user = DEMO_USERS.find(
      (u) => u.id === form.username && password !== undefined && safeEqual(password, u.password),
    );
    if (!user) return reply.code(401).type('text/html').send(signInPage(next, 'Wrong username or password.'));
    sessions.signIn(reply, user);
    return reply.redirect(next, 303);
  });
  // Sign-out from Acme's pages, and from the consent page's "Not you? Sign out" (`signOutUrl`), whose `next`
  // resumes the authorization so the other person signs in and continues.
  app.post('/logout', async (request, reply) => {
    // Logout CSRF: another site must not sign the visitor out.
    if (!sameOrigin(request)) return reply.code(403).send({ error: 'cross-site form' });
    sessions.signOut(request, reply);
    const next = (request.body as Record<string, unknown> | undefined)?.next;
    return reply.redirect(next === undefined ? '/' : safeReturnPath(next), 303);
  });
}
