import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendErrorPage } from '../runtime/error-answers.js';
import { findPerson } from '../runtime/people.js';
import { browserSession, setPerson } from '../ui/session.js';
import { completeAuthorization } from './complete-authorization.js';
import { renderAuthErrorPage } from './workspace-page.js';

/**
 * `GET /externalIntegrationAuthCallback`, Notion's OAuth callback (SPEC §2 step 5): back to the workspace
 * as the person who connected, or a 400 page saying what went wrong as Notion does.
 */
export function registerAuthCallbackRoute(app: FastifyInstance, context: EmulatorContext): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/externalIntegrationAuthCallback',
    async (request, reply) => {
      const session = browserSession(context, request, reply);
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
