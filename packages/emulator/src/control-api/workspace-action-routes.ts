import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendControlError } from '../runtime/error-answers.js';
import { personOrDefault } from '../runtime/people.js';
import { startAuthorization } from '../workspace/connect.js';
import { deletePreview } from '../workspace/delete-preview.js';
import { disconnect } from '../workspace/disconnect.js';
import { listPreviewStates } from '../workspace/list-preview-states.js';
import { pasteLink } from '../workspace/paste-link.js';
import { refreshPreviews } from '../workspace/unfurl.js';
import { requestedPerson } from './requested-person.js';

const pasteBody = z.object({ uri: z.string(), person: z.enum(['ada', 'ben']).optional() });

/** `POST /api/paste`, `/api/connect`, `/api/refresh`: what a person does on the workspace page, without one. */
export function registerWorkspaceActionRoutes(app: FastifyInstance, context: EmulatorContext): void {
  app.post('/paste', async (request, reply) => {
    const parsed = pasteBody.safeParse(request.body);
    if (!parsed.success)
      return sendControlError(reply, 400, 'invalid_request', 'send {"uri": "…", "person": "ada"|"ben"}');
    const person = personOrDefault(parsed.data.person).id;
    const result = await pasteLink(context, person, parsed.data.uri, null);
    if (result.kind === 'refused') return sendControlError(reply, 400, 'invalid_request', result.message);
    return { preview: result.block, authorizeUrl: result.authorizeUrl ?? null };
  });

  app.post('/connect', async (request, reply) => {
    const person = personOrDefault(requestedPerson(request.body ?? {})).id;
    const named = (request.body as { integration?: unknown } | undefined)?.integration;
    const integration = typeof named === 'string' ? context.settings.find(named) : undefined;
    if (typeof named === 'string' && !integration)
      return sendControlError(reply, 404, 'not_found', `No integration has the id or name "${named}".`);
    const authorizeUrl = await startAuthorization(context, person, null, integration?.id);
    if (!authorizeUrl)
      return sendControlError(reply, 409, 'invalid_request', 'No integration is configured yet.');
    return { authorizeUrl };
  });

  app.post('/refresh', async (request) => {
    const person = personOrDefault(requestedPerson(request.body ?? {})).id;
    await refreshPreviews(context, person);
    return { previews: await listPreviewStates(context, person) };
  });
}

/** `DELETE /api/previews/:id`, `DELETE /api/connections/:id`, `POST /api/connections/:id/revoke-token`. */
export function registerRemovalRoutes(app: FastifyInstance, context: EmulatorContext): void {
  app.delete<{ Params: { id: string } }>('/previews/:id', async (request, reply) => {
    const block = await context.store.previews.get(request.params.id);
    if (!block) return sendControlError(reply, 404, 'not_found', 'No such preview.');
    return deletePreview(context, block.person, block.id);
  });

  app.delete<{ Params: { id: string } }>('/connections/:id', async (request, reply) => {
    const connection = await context.store.connections.get(request.params.id);
    if (!connection) return sendControlError(reply, 404, 'not_found', 'No such connection.');
    return disconnect(context, connection.person, connection.id);
  });

  app.post<{ Params: { id: string } }>('/connections/:id/revoke-token', async (request, reply) => {
    const revoked = await context.store.connections.revokeNotionToken(request.params.id, context.clock());
    if (!revoked) return sendControlError(reply, 404, 'not_found', 'No such connection.');
    return { revoked: true };
  });
}
