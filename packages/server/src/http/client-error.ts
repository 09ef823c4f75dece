import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { wireErrorBody } from './wire-error-body.js';

/** The part of a `clientError` (Node refusing a connection's bytes before any route) the answer depends on. */
export interface ClientError {
  code?: string;
}

/**
 * What a request refused before Fastify routed it is answered with, in the server's one error shape: a request
 * that did not arrive within `REQUEST_TIMEOUT_MS` (a slow or trickling client) is 408, headers too large are
 * 431, anything else Node could not parse is 400.
 *
 * @example clientErrorAnswer({ code: 'ERR_HTTP_REQUEST_TIMEOUT' }).status // 408
 */
export function clientErrorAnswer(error: ClientError): {
  status: number;
  reason: string;
  description: string;
} {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      reason: 'Request Timeout',
      description: 'the request did not arrive in time (REQUEST_TIMEOUT_MS); send it again',
    };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      reason: 'Request Header Fields Too Large',
      description: 'the headers are too large',
    };
  }
  return { status: 400, reason: 'Bad Request', description: 'malformed HTTP request' };
}

/**
 * Fastify's `clientErrorHandler`: answers in the one shape (there is no request yet, so the request id is a
 * fresh one, logged with the refusal) and closes the connection.
 */
export function handleClientError(logger: FastifyBaseLogger) {
  return (error: Error & ClientError, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const answer = clientErrorAnswer(error);
    const requestId = randomUUID();
    logger.info({ code: error.code, status: answer.status, requestId }, 'connection refused before routing');
    if (socket.writable) {
      const body = JSON.stringify(wireErrorBody('invalid_request', answer.description, requestId));
      socket.write(
        `HTTP/1.1 ${answer.status} ${answer.reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n` +
          `x-request-id: ${requestId}\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
