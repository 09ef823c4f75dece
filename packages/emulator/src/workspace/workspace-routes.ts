import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendErrorPage } from '../runtime/error-answers.js';
import { findPerson } from '../runtime/people.js';
import {
  type BrowserSession,
  browserSession,
  checkCsrf,
  setFlash,
  setPerson,
  takeFlash,
} from '../ui/session.js';
import { completeAuthorization } from './complete-authorization.js';
import { startAuthorization } from './connect.js';
import { deletePreview } from './delete-preview.js';
import { disconnect } from './disconnect.js';
import { listPreviewStates } from './list-preview-states.js';
import { pasteLink } from './paste-link.js';
import { refreshPreviews } from './unfurl.js';
import {
  renderAuthErrorPage,
  renderLiveRegion,
  renderMessagePage,
  renderWorkspacePage,
  type WorkspaceView,
} from './workspace-page.js';

type FormBody = Record<string, string | undefined>;

/**
 * The workspace as a person uses it (SPEC §6): the page, paste, connect, Notion's OAuth callback, delete,
 * disconnect. Every form post carries the session's CSRF token; every answer to a post is a 303 back.
 */
export function registerWorkspaceRoutes(app: FastifyInstance, context: EmulatorContext): void {
  const view = async (session: BrowserSession, flash?: string): Promise<WorkspaceView> => ({
    person: session.person,
    csrf: session.csrf,
    settings: context.settings.get(),
    previews: await listPreviewStates(context, session.person.id),
    connections: await context.store.connections.list(session.person.id),
    flash,
  });

  /** Resolves the session of a form post, or answers 403 when its CSRF token is wrong. */
  const formSession = (request: FastifyRequest, reply: FastifyReply): BrowserSession | undefined => {
    const session = browserSession(context, request, reply);
    if (checkCsrf(session, request.body)) return session;
    void sendErrorPage(
      reply,
      403,
      renderMessagePage(
        'Form expired',
        'This form is from another session or too old. Go back and try again.',
      ),
    );
    return undefined;
  };

  app.get<{ Querystring: { person?: string } }>('/', async (request, reply) => {
    const session = browserSession(context, request, reply);
    const chosen = findPerson(request.query.person);
    if (chosen) {
      setPerson(context, reply, chosen);
      session.person = chosen;
    }
    // A visit re-asks the integration about every preview (Notion's refresh); the page updates over SSE.
    void context.tasks.run(undefined, () => refreshPreviews(context, session.person.id));
    const page = renderWorkspacePage(await view(session, takeFlash(context, request, reply)));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
  });

  app.get('/fragments/live', async (request, reply) => {
    const session = browserSession(context, request, reply);
    const fragment = renderLiveRegion(await view(session)).value;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(fragment);
  });

  app.post<{ Body: FormBody }>('/person', async (request, reply) => {
    const session = formSession(request, reply);
    if (!session) return reply;
    const person = findPerson(request.body.person);
    if (person) setPerson(context, reply, person);
    return reply.redirect('/', 303);
  });

  app.post<{ Body: FormBody }>('/paste', async (request, reply) => {
    const session = formSession(request, reply);
    if (!session) return reply;
    const result = await pasteLink(context, session.person.id, request.body.link ?? '', session.id);
    if (result.kind === 'refused') {
      setFlash(context, reply, result.message);
      return reply.redirect('/', 303);
    }
    return reply.redirect(result.authorizeUrl ?? '/', 303);
  });

  app.post<{ Body: FormBody }>('/connect', async (request, reply) => {
    const session = formSession(request, reply);
    if (!session) return reply;
    const url = await startAuthorization(context, session.person.id, session.id);
    if (!url) setFlash(context, reply, 'No integration is configured yet.');
    return reply.redirect(url ?? '/', 303);
  });

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

  app.post<{ Body: FormBody; Params: { id: string } }>('/previews/:id/delete', async (request, reply) => {
    const session = formSession(request, reply);
    if (!session) return reply;
    const result = await deletePreview(context, session.person.id, request.params.id);
    if (result.problem)
      setFlash(context, reply, `Preview deleted; telling the integration failed: ${result.problem}`);
    return reply.redirect('/', 303);
  });

  app.post<{ Body: FormBody; Params: { id: string } }>(
    '/connections/:id/disconnect',
    async (request, reply) => {
      const session = formSession(request, reply);
      if (!session) return reply;
      const result = await disconnect(context, session.person.id, request.params.id);
      if (result.problem)
        setFlash(context, reply, `Disconnected; the Deleted Token Callback failed: ${result.problem}`);
      return reply.redirect('/', 303);
    },
  );
}
