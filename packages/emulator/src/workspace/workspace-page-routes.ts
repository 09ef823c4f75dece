import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { findPerson } from '../runtime/people.js';
import { type BrowserSession, browserSession, setPerson, takeFlash } from '../ui/session.js';
import { listPreviewStates } from './list-preview-states.js';
import { refreshPreviews } from './unfurl.js';
import { renderLiveRegion, renderWorkspacePage, type WorkspaceView } from './workspace-page.js';

async function workspaceView(
  context: EmulatorContext,
  session: BrowserSession,
  flash?: string,
): Promise<WorkspaceView> {
  return {
    person: session.person,
    csrf: session.csrf,
    integrations: context.settings.list(),
    previews: await listPreviewStates(context, session.person.id),
    connections: await context.store.connections.list(session.person.id),
    flash,
  };
}

/**
 * `GET /` (the page; `?person=` switches person) and `GET /fragments/live` (the part the page's script
 * replaces on every change).
 */
export function registerWorkspacePageRoutes(app: FastifyInstance, context: EmulatorContext): void {
  app.get<{ Querystring: { person?: string } }>('/', async (request, reply) => {
    const session = browserSession(context, request, reply);
    const chosen = findPerson(request.query.person);
    if (chosen) {
      setPerson(context, reply, chosen);
      session.person = chosen;
    }
    // A visit re-asks the integration about every preview (Notion's refresh); the page updates over SSE.
    void context.tasks.run(undefined, () => refreshPreviews(context, session.person.id));
    const page = renderWorkspacePage(
      await workspaceView(context, session, takeFlash(context, request, reply)),
    );
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
  });

  app.get('/fragments/live', async (request, reply) => {
    const session = browserSession(context, request, reply);
    const fragment = renderLiveRegion(await workspaceView(context, session)).value;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(fragment);
  });
}
