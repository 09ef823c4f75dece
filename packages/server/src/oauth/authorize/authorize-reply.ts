import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorPage } from '../../ui/error-page.js';
import type { AuthorizeAnswer } from './checks/authorize-outcome.js';

/** An HTML error page for the person in the browser: no redirect, never cached. */
export function showErrorPage(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  title: string,
  message: string,
) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(errorPage({ title, message, requestId: request.id }));
}

/** Sends a decided answer: its error page, or the redirect back to Notion. */
export function sendAuthorizeAnswer(reply: FastifyReply, request: FastifyRequest, answer: AuthorizeAnswer) {
  if (answer.kind === 'page')
    return showErrorPage(reply, request, answer.status, answer.title, answer.message);
  return reply.redirect(answer.url);
}
