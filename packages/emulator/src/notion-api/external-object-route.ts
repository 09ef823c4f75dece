import { formatIssues } from '@unfurlkit/core';
import { parseBearer } from '@unfurlkit/core/http';
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendNotionError } from '../runtime/error-answers.js';
import { PatchValidationMemo } from './patch-validation-memo.js';

/** How many validation issues a 400 message lists before "and N more". */
const MAX_LISTED_ISSUES = 10;

/**
 * `PATCH /v1/external/object` (SPEC §4): the integration pushes a preview's new state with the connection's
 * Notion token. Checks, in Notion's order: the bearer token (401 `unauthorized`, also once it expired), the per-connection rate
 * limit (429 `rate_limited` + `Retry-After`), the body (400 `validation_error`; `--strict` refuses what is otherwise a warning), the uri (404
 * `object_not_found` when this connection never unfurled it). Then applies it and updates open pages live.
 */
export function registerExternalObjectRoute(app: FastifyInstance, context: EmulatorContext): void {
  const validations = new PatchValidationMemo();
  app.patch('/external/object', async (request, reply) => {
    const token = parseBearer(request.headers.authorization);
    const connection = token ? await context.store.connections.findByNotionToken(token) : undefined;
    if (!connection) {
      return sendNotionError(request, reply, 'unauthorized', 'API token is invalid.');
    }
    const integration = context.settings.byId(connection.integrationId);
    request.notionIntegration = {
      id: connection.integrationId,
      name: integration?.settings.name ?? 'a removed integration',
    };
    if (connection.notionTokenExpiresAt !== null && context.clock() >= connection.notionTokenExpiresAt) {
      return sendNotionError(
        request,
        reply,
        'unauthorized',
        'API token has expired: refresh it at POST /v1/oauth/token with grant_type=refresh_token.',
      );
    }

    const limit = context.rateLimiter.take(connection.id);
    if (!limit.allowed) {
      reply.header('retry-after', String(limit.retryAfterSeconds));
      return sendNotionError(
        request,
        reply,
        'rate_limited',
        `You have been rate limited. Please try again in ${limit.retryAfterSeconds} seconds.`,
        { retry_after: String(limit.retryAfterSeconds) },
      );
    }

    const mode = context.strict ? 'strict' : 'receive';
    const validation = validations.validate(request.body, request.notionBodyText ?? undefined, mode);
    if (!validation.ok || validation.uri === undefined) {
      const listed = validation.errors.slice(0, MAX_LISTED_ISSUES);
      const more = validation.errors.length - listed.length;
      return sendNotionError(
        request,
        reply,
        'validation_error',
        `body failed validation:\n${formatIssues(listed)}${more > 0 ? `\n(and ${more} more)` : ''}`,
      );
    }

    const uri = validation.uri;
    // The set replaces the previous one; an update without an error operation clears the error (SPEC §4).
    const applied = await context.store.objects.applyPatch(connection.id, uri, {
      attributes: validation.attributes,
      error: validation.error ?? null,
      warnings: [...request.notionWarnings, ...validation.warnings.map((warning) => formatIssues([warning]))],
      updatedAt: context.clock(),
    });
    if (!applied) {
      return sendNotionError(
        request,
        reply,
        'object_not_found',
        `Could not find external object with uri: ${uri}. This connection never unfurled it, or every preview of it was removed.`,
      );
    }
    context.events.emit({ person: connection.person, reason: 'patched' });
    return reply.send({ object: 'external_object', uri });
  });
}
