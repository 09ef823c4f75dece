import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';

/**
 * What a request to Notion's API is in the protocol, for the traffic log.
 *
 * @example
 * inboundTrafficKind('/v1/oauth/token'); // 'oauth-token'
 */
export function inboundTrafficKind(url: string): string {
  if (url.startsWith('/v1/oauth/token')) return 'oauth-token';
  if (url.startsWith('/v1/oauth/introspect')) return 'oauth-introspect';
  if (url.startsWith('/v1/oauth/revoke')) return 'oauth-revoke';
  if (url.startsWith('/v1/external/object')) return 'external-object';
  return 'api';
}

/** Every `/v1` request and its answer (the body as sent) lands in the traffic log. */
export function recordInboundTraffic(api: FastifyInstance, context: EmulatorContext): void {
  api.addHook('onSend', async (request, _reply, payload) => {
    request.trafficResponseBody = payload;
    return payload;
  });

  api.addHook('onResponse', async (request, reply) => {
    context.traffic.record({
      startedAt: context.clock() - reply.elapsedTime,
      direction: 'inbound',
      kind: inboundTrafficKind(request.url),
      integration: request.notionIntegration,
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
}
