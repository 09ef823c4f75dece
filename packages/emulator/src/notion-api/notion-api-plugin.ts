import type { NotionErrorCode } from '@unfurlkit/core';
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { answerErrorsAsNotion, INVALID_JSON_ERROR_CODE, sendNotionError } from '../runtime/error-answers.js';
import { FAULT_STATUSES, type FaultStatus } from '../runtime/faults.js';
import { registerExternalObjectRoute } from './external-object-route.js';
import { checkNotionVersion } from './notion-version-check.js';
import { registerOAuthTokenRoute } from './oauth-token-route.js';

const FAULT_CODES: Record<FaultStatus, NotionErrorCode> = {
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
  529: 'service_overload',
};

/** Notion accepts bodies up to 500 KB; a little more is read so core's validator can say so precisely. */
const API_BODY_LIMIT = 1024 * 1024;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Notion's public API under `/v1`: request ids, injected faults, the `Notion-Version` check, JSON parsing
 * with Notion's error codes (never a 500 for a client's mistake), the traffic log, and the two endpoints of
 * the Link Preview protocol.
 */
export async function notionApiPlugin(app: FastifyInstance, context: EmulatorContext): Promise<void> {
  // Notion parses every API body as JSON whatever its Content-Type; so do we.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: API_BODY_LIMIT }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        Object.assign(new Error('Error parsing JSON body.'), {
          statusCode: 400,
          code: INVALID_JSON_ERROR_CODE,
        }),
      );
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    request.notionRequestId = context.random.uuid();
    reply.header('x-notion-request-id', request.notionRequestId);
    const fault = context.faults.decide();
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.failWith !== undefined) {
      const code = FAULT_CODES[fault.failWith];
      return sendNotionError(request, reply, code, `Injected fault: ${fault.failWith} ${code}.`);
    }
    const version = checkNotionVersion(request.headers['notion-version']);
    if (!version.ok) return sendNotionError(request, reply, version.code, version.message);
  });

  app.addHook('onSend', async (request, _reply, payload) => {
    request.trafficResponseBody = payload;
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const startedAt = context.clock() - reply.elapsedTime;
    context.traffic.record({
      startedAt,
      direction: 'inbound',
      kind: request.url.startsWith('/v1/oauth/token')
        ? 'oauth-token'
        : request.url.startsWith('/v1/external/object')
          ? 'external-object'
          : 'api',
      method: request.method,
      url: `${context.publicUrl()}${request.url}`,
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
      requestHeaders: request.headers,
      requestBody: request.body,
      responseHeaders: reply.getHeaders() as Record<string, string>,
      responseBody: request.trafficResponseBody,
      responseContentType: String(reply.getHeader('content-type') ?? ''),
    });
  });

  answerErrorsAsNotion(app);

  registerOAuthTokenRoute(app, context);
  registerExternalObjectRoute(app, context);
}

export { FAULT_STATUSES };
