import { type NotionErrorCode, notionErrorBody } from '@unfurlkit/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers with Notion's error envelope (SPEC §7.3): `{object:"error", status, code, message, request_id}`,
 * the status that belongs to the code, and the `x-notion-request-id` header. Every API error goes through
 * here, so `@notionhq/client` always recognises the code.
 */
export function sendNotionError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: NotionErrorCode,
  message: string,
  additionalData?: Record<string, string>,
): FastifyReply {
  const options: { requestId: string; additionalData?: Record<string, string> } = {
    requestId: request.notionRequestId,
  };
  if (additionalData !== undefined) options.additionalData = additionalData;
  const body = notionErrorBody(code, message, options);
  return reply
    .code(body.status)
    .header('x-notion-request-id', request.notionRequestId)
    .header('content-type', 'application/json; charset=utf-8')
    .send(body);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The id Notion's API gives every request (`x-notion-request-id`, `request_id`). */
    notionRequestId: string;
    /** The body sent back, kept for the traffic log. */
    trafficResponseBody: unknown;
  }
}
