import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { findPerson } from '../runtime/people.js';
import { setFlash, setPerson } from '../ui/session.js';
import { startAuthorization } from './connect.js';
import { deletePreview } from './delete-preview.js';
import { disconnect } from './disconnect.js';
import { formSession } from './form-session.js';
import { pasteLink } from './paste-link.js';

type FormBody = Record<string, string | undefined>;

/**
 * The workspace page's forms: `POST /person`, `/paste`, `/connect`, `/previews/:id/delete`,
 * `/connections/:id/disconnect`. Each carries the session's CSRF token; each answer is a 303 back (to the
 * integration's Authorize URL when a connection must be made first).
 */
export function registerWorkspaceFormRoutes(app: FastifyInstance, context: EmulatorContext): void {
  app.post<{ Body: FormBody }>('/person', async (request, reply) => {
    if (!formSession(context, request, reply)) return reply;
    const person = findPerson(request.body.person);
    if (person) setPerson(context, reply, person);
    return reply.redirect('/', 303);
  });

  app.post<{ Body: FormBody }>('/paste', async (request, reply) => {
    const session = formSession(context, request, reply);
    if (!session) return reply;
    const result = await pasteLink(context, session.person.id, request.body.link ?? '', session.id);
    if (result.kind === 'refused') {
      setFlash(context, reply, result.message);
      return reply.redirect('/', 303);
    }
    return reply.redirect(result.authorizeUrl ?? '/', 303);
  });

  app.post<{ Body: FormBody }>('/connect', async (request, reply) => {
    const session = formSession(context, request, reply);
    if (!session) return reply;
    const named = request.body?.integration;
    const integration = typeof named === 'string' ? context.settings.byId(named) : undefined;
    const url = await startAuthorization(context, session.person.id, session.id, integration?.id);
    if (!url) setFlash(context, reply, 'No integration is configured yet.');
    return reply.redirect(url ?? '/', 303);
  });

  registerRemovalForms(app, context);
}

function registerRemovalForms(app: FastifyInstance, context: EmulatorContext): void {
  app.post<{ Body: FormBody; Params: { id: string } }>('/previews/:id/delete', async (request, reply) => {
    const session = formSession(context, request, reply);
    if (!session) return reply;
    const result = await deletePreview(context, session.person.id, request.params.id);
    if (result.problem)
      setFlash(context, reply, `Preview deleted; telling the integration failed: ${result.problem}`);
    return reply.redirect('/', 303);
  });

  app.post<{ Body: FormBody; Params: { id: string } }>(
    '/connections/:id/disconnect',
    async (request, reply) => {
      const session = formSession(context, request, reply);
      if (!session) return reply;
      const result = await disconnect(context, session.person.id, request.params.id);
      if (result.problem)
        setFlash(context, reply, `Disconnected; the Deleted Token Callback failed: ${result.problem}`);
      return reply.redirect('/', 303);
    },
  );
}
