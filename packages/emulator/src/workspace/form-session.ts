import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendErrorPage } from '../runtime/error-answers.js';
import { type BrowserSession, browserSession, checkCsrf } from '../ui/session.js';
import { renderMessagePage } from './workspace-page.js';

/**
 * The session of a workspace form post, or undefined after answering 403 when the form does not carry that
 * session's CSRF token (a form from another session, another site, or an old tab).
 */
export function formSession(
  context: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
): BrowserSession | undefined {
  const session = browserSession(context, request, reply);
  if (checkCsrf(session, request.body)) return session;
  void sendErrorPage(
    reply,
    403,
    renderMessagePage('Form expired', 'This form is from another session or too old. Go back and try again.'),
  );
  return undefined;
}
