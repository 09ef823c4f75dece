import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendErrorPage } from '../runtime/error-answers.js';
import { findPerson } from '../runtime/people.js';
import { browserSession, setPerson } from '../ui/session.js';
import { completeAuthorization } from './complete-authorization.js';
import { renderAuthErrorPage } from './workspace-page.js';

/** The callback's parameters: each must come at most once (RFC 6749 §3.1: "MUST NOT be included more than once"). */
const CALLBACK_PARAMETERS = ['code', 'state', 'error', 'error_description'] as const;

/**
 * The callback parameters given more than once (the query parser makes them arrays, which would reach the
 * store as a list), in the order of `CALLBACK_PARAMETERS`.
 *
 * @example repeatedCallbackParameters({ state: ['a', 'b'], code: 'c' }) // ['state']
 */
export function repeatedCallbackParameters(query: Record<string, unknown>): string[] {
  return CALLBACK_PARAMETERS.filter((name) => Array.isArray(query[name]));
}

/**
 * `GET /externalIntegrationAuthCallback`, Notion's OAuth callback (SPEC §2 step 5): back to the workspace
 * as the person who connected, or a 400 page saying what went wrong as Notion does.
 */
export function registerAuthCallbackRoute(app: FastifyInstance, context: EmulatorContext): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/externalIntegrationAuthCallback',
    async (request, reply) => {
      const session = browserSession(context, request, reply);
      const repeated = repeatedCallbackParameters(request.query);
      if (repeated.length > 0) {
        // Refused before the store sees it, and without using up the state: the attempt may still complete.
        const message = 'The connection could not be completed: the integration sent a malformed callback.';
        const detail = `Repeated parameter: ${repeated.join(', ')}. Each may appear once (RFC 6749 §3.1).`;
        return sendErrorPage(reply, 400, renderAuthErrorPage(message, detail));
      }
      const { code, state, error, error_description } = request.query;
      const result = await completeAuthorization(
        context,
        { code, state, error, error_description },
        session.id,
      );
      const person = findPerson(result.person);
      if (person) setPerson(context, reply, person);
      if (result.ok) return reply.redirect('/', 303);
      return sendErrorPage(reply, 400, renderAuthErrorPage(result.message, result.detail));
    },
  );
}
