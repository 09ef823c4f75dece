import { createHmac } from 'node:crypto';
import { safeEqual } from '@unfurlkit/core/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Person, personOrDefault } from '../runtime/people.js';
import type { EmulatorRandom } from '../runtime/random.js';

export const SESSION_COOKIE = 'unfurlkit_emulator_sid';
export const PERSON_COOKIE = 'unfurlkit_emulator_person';
const FLASH_COOKIE = 'unfurlkit_emulator_flash';

/** The browser's session: its id, the person it acts as, and the CSRF token its forms must carry. */
export interface BrowserSession {
  id: string;
  person: Person;
  csrf: string;
}

/**
 * What sessions need from the emulator (the emulator's context has all of it): randomness for new session
 * ids, the secret that signs CSRF tokens, and the public URL, whose scheme decides the `Secure` flag.
 */
export interface SessionKeys {
  random: Pick<EmulatorRandom, 'token'>;
  sessionSecret: string;
  publicUrl(): string;
}

function cookieOptions(context: SessionKeys) {
  return {
    path: '/',
    httpOnly: true,
    // Lax, not Strict: the browser must bring the cookie back on the top-level redirect from the integration.
    sameSite: 'lax' as const,
    secure: context.publicUrl().startsWith('https:'),
  };
}

/**
 * The session of a page request, created when missing. CSRF defence: SameSite cookies plus a per-session
 * token (an HMAC of the session id) in every form, checked by `checkCsrf`.
 */
export function browserSession(
  context: SessionKeys,
  request: FastifyRequest,
  reply: FastifyReply,
): BrowserSession {
  let id = request.cookies[SESSION_COOKIE];
  if (!id || !/^[A-Za-z0-9_-]{16,100}$/.test(id)) {
    id = context.random.token(24);
    reply.setCookie(SESSION_COOKIE, id, cookieOptions(context));
  }
  const person = personOrDefault(request.cookies[PERSON_COOKIE]);
  return { id, person, csrf: csrfToken(context, id) };
}

export function csrfToken(context: SessionKeys, sessionId: string): string {
  return createHmac('sha256', context.sessionSecret).update(`csrf:${sessionId}`).digest('base64url');
}

/** Whether a form post carries this session's CSRF token. */
export function checkCsrf(session: BrowserSession, body: unknown): boolean {
  const token = body && typeof body === 'object' ? (body as { _csrf?: unknown })._csrf : undefined;
  return typeof token === 'string' && safeEqual(token, session.csrf);
}

export function setPerson(context: SessionKeys, reply: FastifyReply, person: Person): void {
  reply.setCookie(PERSON_COOKIE, person.id, { ...cookieOptions(context), maxAge: 365 * 24 * 3600 });
}

/** A one-time message for the next page (after a redirect). */
export function setFlash(context: SessionKeys, reply: FastifyReply, message: string): void {
  reply.setCookie(FLASH_COOKIE, message.slice(0, 500), { ...cookieOptions(context), maxAge: 60 });
}

export function takeFlash(
  context: SessionKeys,
  request: FastifyRequest,
  reply: FastifyReply,
): string | undefined {
  const message = request.cookies[FLASH_COOKIE];
  if (message === undefined) return undefined;
  reply.clearCookie(FLASH_COOKIE, cookieOptions(context));
  return message;
}
