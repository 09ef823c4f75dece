import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from '../context/emulator-context.js';
import { faultSettingsSchema } from '../runtime/faults.js';
import { personOrDefault } from '../runtime/people.js';
import { rateLimitSettingsSchema } from '../runtime/rate-limiter.js';
import { SettingsRejectedError } from '../settings/settings-service.js';
import type { Connection } from '../store/connection-store.js';
import { startAuthorization } from '../workspace/connect.js';
import { deletePreview } from '../workspace/delete-preview.js';
import { disconnect } from '../workspace/disconnect.js';
import { listPreviewStates } from '../workspace/list-preview-states.js';
import { pasteLink } from '../workspace/paste-link.js';
import { refreshPreviews } from '../workspace/unfurl.js';

const personQuery = z.object({ person: z.enum(['ada', 'ben']).optional() });
const pasteBody = z.object({ uri: z.string(), person: z.enum(['ada', 'ben']).optional() });

/** A connection as the inspection API shows it: never the tokens themselves. */
export function describeConnection(connection: Connection) {
  const { integrationAccessToken, integrationRefreshToken, ...rest } = connection;
  return {
    ...rest,
    hasIntegrationAccessToken: integrationAccessToken !== null,
    hasIntegrationRefreshToken: integrationRefreshToken !== null,
  };
}

/**
 * The JSON API for tests and tools (documented in the README): state (previews, connections, traffic),
 * run-time knobs (settings, faults, rate limit) and the workspace actions without a browser. Changes need
 * `Content-Type: application/json` or the DELETE method, which a cross-site form cannot send (CSRF).
 */
export async function inspectionPlugin(app: FastifyInstance, context: EmulatorContext): Promise<void> {
  app.addHook('preValidation', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'DELETE' || request.method === 'HEAD') return;
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return reply
        .code(415)
        .send({ error: 'unsupported_media_type', message: 'Send Content-Type: application/json.' });
    }
  });

  const badRequest = (message: string, problems?: string[]) => ({
    error: 'invalid_request',
    message,
    problems,
  });

  app.get('/previews', async (request) => {
    const query = personQuery.safeParse(request.query);
    return { previews: await listPreviewStates(context, query.success ? query.data.person : undefined) };
  });

  app.get('/connections', async (request) => {
    const query = personQuery.safeParse(request.query);
    const connections = await context.store.connections.list(query.success ? query.data.person : undefined);
    return { connections: connections.map(describeConnection) };
  });

  app.get('/settings', async (_request, reply) => {
    const settings = context.settings.get();
    if (!settings)
      return reply.code(404).send({
        error: 'not_configured',
        message: 'No settings yet.',
        notionCredentials: context.settings.notionCredentials(),
      });
    return { settings, warnings: context.settings.ruleWarnings() };
  });

  app.put('/settings', async (request, reply) => {
    try {
      const settings = await context.settings.replace(request.body);
      context.events.emit({ reason: 'settings' });
      return { settings, warnings: context.settings.ruleWarnings() };
    } catch (error) {
      if (error instanceof SettingsRejectedError) {
        return reply
          .code(400)
          .send({ error: 'invalid_settings', message: error.message, problems: error.problems });
      }
      throw error;
    }
  });

  app.get('/faults', async () => context.faults.get());
  app.put('/faults', async (request, reply) => {
    const parsed = faultSettingsSchema.safeParse(request.body);
    if (!parsed.success)
      return reply.code(400).send(
        badRequest(
          'invalid fault settings',
          parsed.error.issues.map((i) => i.message),
        ),
      );
    return context.faults.set(parsed.data);
  });

  app.get('/rate-limit', async () => context.rateLimiter.get());
  app.put('/rate-limit', async (request, reply) => {
    const parsed = rateLimitSettingsSchema.safeParse(request.body);
    if (!parsed.success)
      return reply.code(400).send(
        badRequest(
          'invalid rate limit',
          parsed.error.issues.map((i) => i.message),
        ),
      );
    return context.rateLimiter.set(parsed.data);
  });

  app.post('/paste', async (request, reply) => {
    const parsed = pasteBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(badRequest('send {"uri": "…", "person": "ada"|"ben"}'));
    const person = personOrDefault(parsed.data.person).id;
    const result = await pasteLink(context, person, parsed.data.uri, null);
    if (result.kind === 'refused') return reply.code(400).send(badRequest(result.message));
    return { preview: result.block, authorizeUrl: result.authorizeUrl ?? null };
  });

  app.post('/connect', async (request, reply) => {
    const parsed = personQuery.safeParse(request.body ?? {});
    const person = personOrDefault(parsed.success ? parsed.data.person : undefined).id;
    const authorizeUrl = await startAuthorization(context, person, null);
    if (!authorizeUrl) return reply.code(409).send(badRequest('No integration is configured yet.'));
    return { authorizeUrl };
  });

  app.post('/refresh', async (request) => {
    const parsed = personQuery.safeParse(request.body ?? {});
    const person = personOrDefault(parsed.success ? parsed.data.person : undefined).id;
    await refreshPreviews(context, person);
    return { previews: await listPreviewStates(context, person) };
  });

  app.post('/idle', async () => {
    await context.tasks.idle();
    return { idle: true };
  });

  app.delete<{ Params: { id: string } }>('/previews/:id', async (request, reply) => {
    const block = await context.store.previews.get(request.params.id);
    if (!block) return reply.code(404).send({ error: 'not_found', message: 'No such preview.' });
    return deletePreview(context, block.person, block.id);
  });

  app.delete<{ Params: { id: string } }>('/connections/:id', async (request, reply) => {
    const connection = await context.store.connections.get(request.params.id);
    if (!connection) return reply.code(404).send({ error: 'not_found', message: 'No such connection.' });
    return disconnect(context, connection.person, connection.id);
  });

  app.post<{ Params: { id: string } }>('/connections/:id/revoke-token', async (request, reply) => {
    const revoked = await context.store.connections.revokeNotionToken(request.params.id, context.clock());
    if (!revoked) return reply.code(404).send({ error: 'not_found', message: 'No such connection.' });
    return { revoked: true };
  });

  app.delete('/traffic', async () => {
    context.traffic.clear();
    return { cleared: true };
  });
}
