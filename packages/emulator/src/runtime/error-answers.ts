import { type NotionErrorCode, notionErrorBody } from '@unfurlkit/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Every error the emulator answers goes through here, in one of three shapes:
 * - Notion's API (`/v1`): Notion's envelope `{object:"error", status, code, message, request_id}` with the
 *   status that belongs to the code and the `x-notion-request-id` header (SPEC §7.3), so `@notionhq/client`
 *   always recognises the code;
 * - the control API (`/api`) and anything else a program calls: `{error, message, …}` JSON;
 * - pages: an HTML page with the status.
 * The decisions (which code, which status, whether it was our own failure) are pure functions below; the
 * cause of an unexpected failure is logged, never sent.
 */

/** A thrown error as Fastify hands it to an error handler. */
export interface ThrownError {
  message: string;
  code?: string;
  statusCode?: number;
}

/** What to answer on Notion's API for a thrown error. `unexpected`: our own failure, to be logged. */
export interface NotionErrorAnswer {
  code: NotionErrorCode;
  message: string;
  unexpected: boolean;
}

/** The code of the error our JSON body parser throws on `/v1`. */
export const INVALID_JSON_ERROR_CODE = 'EMULATOR_INVALID_JSON';

const UNEXPECTED_MESSAGE = 'Unexpected error in the emulator.';

/**
 * Notion's answer to an error thrown on `/v1`: a body that is not JSON → `invalid_json`, one over the limit →
 * `validation_error`, any other client error → `invalid_request`, anything else → `internal_server_error`.
 *
 * @example
 * notionErrorFor({ message: 'x', code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }).code; // 'validation_error'
 */
export function notionErrorFor(error: ThrownError): NotionErrorAnswer {
  if (error.code === INVALID_JSON_ERROR_CODE) {
    return { code: 'invalid_json', message: 'Error parsing JSON body.', unexpected: false };
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { code: 'validation_error', message: 'The request body exceeds 500 KB.', unexpected: false };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return { code: 'invalid_request', message: error.message, unexpected: false };
  return { code: 'internal_server_error', message: UNEXPECTED_MESSAGE, unexpected: true };
}

/** What to answer outside Notion's API for a thrown error. */
export interface ControlErrorAnswer {
  status: number;
  error: string;
  message: string;
  unexpected: boolean;
}

/**
 * The answer to an error thrown by a control-API route or a page: a client error keeps its status, code and
 * message (e.g. Fastify's `FST_ERR_CTP_INVALID_MEDIA_TYPE`); anything else is a 500 `internal_error`.
 *
 * @example
 * controlErrorFor({ message: 'boom' }); // { status: 500, error: 'internal_error', message: 'Unexpected error in the emulator.', unexpected: true }
 */
export function controlErrorFor(error: ThrownError): ControlErrorAnswer {
  const status = error.statusCode ?? 500;
  if (status < 500) {
    return { status, error: error.code ?? 'bad_request', message: error.message, unexpected: false };
  }
  return { status: 500, error: 'internal_error', message: UNEXPECTED_MESSAGE, unexpected: true };
}

/**
 * Answers with Notion's error envelope, the status of `code` and the `x-notion-request-id` header.
 *
 * @example
 * return sendNotionError(request, reply, 'unauthorized', 'API token is invalid.');
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

/**
 * Answers the control API's (and the Lab's JSON) way: `{error, message, …extra}` with `status`.
 *
 * @example
 * return sendControlError(reply, 404, 'not_found', 'No such preview.');
 */
export function sendControlError(
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply.code(status).send({ error, message, ...extra });
}

/** Answers a page request with an HTML error page (already rendered) and `status`. */
export function sendErrorPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}

/** Notion's API answers every thrown error and unknown path in Notion's envelope (a `/v1` plugin scope). */
export function answerErrorsAsNotion(api: FastifyInstance): void {
  api.setErrorHandler((error: ThrownError, request, reply) => {
    const answer = notionErrorFor(error);
    if (answer.unexpected) request.log.error({ err: error }, 'emulator API failure');
    return sendNotionError(request, reply, answer.code, answer.message);
  });
  api.setNotFoundHandler((request, reply) =>
    sendNotionError(request, reply, 'invalid_request_url', 'Invalid request URL.'),
  );
}

/** Everything outside `/v1` (control API, pages) answers thrown errors as `{error, message}` JSON. */
export function answerErrorsAsJson(app: FastifyInstance): void {
  app.setErrorHandler((error: ThrownError, request, reply) => {
    const answer = controlErrorFor(error);
    if (answer.unexpected) request.log.error({ err: error }, 'emulator failure');
    return sendControlError(reply, answer.status, answer.error, answer.message);
  });
}
