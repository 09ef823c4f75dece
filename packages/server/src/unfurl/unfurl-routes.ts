import { LIMITS, unfurlRequestSchema } from '@unfurlkit/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context/server-context.js';
import { addLogFields } from '../http/request-log.js';
import { sendWireError, useBodyErrors } from '../http/wire-errors.js';
import { checkBearer, sendBearerFailure } from '../oauth/bearer/bearer-auth.js';
import type { GrantRecord } from '../store/store.js';
import type { PreviewRegistry } from './preview-registry.js';
import { resolveUnfurl } from './resolve-unfurl.js';

/**
 * The Unfurl Callback URL (SPEC §3). `POST`: a person pasted or revisited a link → attributes or an error
 * operation, and the (uri, connection) pair enters the preview registry. `DELETE`: the person removed every
 * preview of the link → the pair leaves the registry, so no more updates are pushed for it. A pair already written
 * is not written again on every unfurl (`PreviewRegistry`).
 */
export async function unfurlRoutes(
  app: FastifyInstance,
  { context, registry }: { context: ServerContext; registry: PreviewRegistry },
): Promise<void> {
  useBodyErrors(app, 'application/json');
  const { config } = context;
  const bodyLimit = LIMITS.maxPayloadBytes;

  /** Bearer first (a stranger learns nothing about our validation), then the body. */
  async function authorizeAndRead(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ grant: GrantRecord; uri: string } | undefined> {
    const bearer = await checkBearer(request.headers.authorization, context);
    if (!bearer.ok) {
      sendBearerFailure(reply, bearer);
      return undefined;
    }
    const body = unfurlRequestSchema.safeParse(request.body);
    if (!body.success) {
      sendWireError(reply, 400, 'invalid_request', 'the body must be {"uri": "<link>"}');
      return undefined;
    }
    return { grant: bearer.grant, uri: body.data.uri };
  }

  app.post(config.paths.unfurl, { bodyLimit }, async (request, reply) => {
    const input = await authorizeAndRead(request, reply);
    if (!input) return reply;
    const { grant, uri } = input;
    const account = { id: grant.accountId, name: grant.accountName };
    const resolved = await resolveUnfurl({
      uri,
      account,
      integration: context.integration,
      rules: context.rules,
      timeoutMs: config.resolverTimeoutMs,
      logger: request.log,
    });
    if (resolved.ruleName !== undefined) {
      const now = context.clock();
      await registry.record({
        connectionId: grant.connectionId,
        uri,
        ruleName: resolved.ruleName,
        accountId: grant.accountId,
        createdAt: now,
        lastUnfurledAt: now,
      });
    }
    addLogFields(request, { rule: resolved.ruleName, outcome: resolved.outcome, grantId: grant.id });
    // Already JSON text (see ResolvedUnfurl.json): sent as is, with the type Fastify's serialiser would set.
    // Returned for Fastify to send, not sent here and `reply` returned: the answer is held until the turn's end
    // (answers-at-turn-end.ts), so a returned `reply` is a thenable not yet finished, and awaiting it costs a set
    // of stream listeners per request.
    reply.code(200).type('application/json; charset=utf-8');
    return resolved.json;
  });

  app.delete(config.paths.unfurl, { bodyLimit }, async (request, reply) => {
    const input = await authorizeAndRead(request, reply);
    if (!input) return reply;
    const removed = await registry.forget(input.grant.connectionId, input.uri);
    addLogFields(request, { grantId: input.grant.id, removed });
    // Returned, not sent, as above.
    reply.code(200);
    return {};
  });
}
