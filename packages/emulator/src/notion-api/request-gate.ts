import type { NotionErrorCode } from '@unfurlkit/core';
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendNotionError } from '../runtime/error-answers.js';
import type { FaultStatus } from '../runtime/faults.js';
import { checkNotionVersion } from './notion-version-check.js';

/** The Notion code that goes with each status fault injection can answer. */
const FAULT_CODES: Record<FaultStatus, NotionErrorCode> = {
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
  529: 'service_overload',
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What every `/v1` request passes before its route: it gets its request id (`x-notion-request-id`), then the
 * injected latency and fault, if any, then (once the body is read, so a refused token exchange can be told
 * apart by its code) the `Notion-Version` check, whose tolerances land in `request.notionWarnings`.
 */
export function registerRequestGate(api: FastifyInstance, context: EmulatorContext): void {
  api.addHook('onRequest', async (request, reply) => {
    request.notionRequestId = context.random.uuid();
    request.notionWarnings = [];
    reply.header('x-notion-request-id', request.notionRequestId);
    const fault = context.faults.decide();
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.failWith !== undefined) {
      const code = FAULT_CODES[fault.failWith];
      return sendNotionError(request, reply, code, `Injected fault: ${fault.failWith} ${code}.`);
    }
  });

  api.addHook('preHandler', async (request, reply) => {
    const version = checkNotionVersion(request.headers['notion-version'], {
      tokenExchange: request.method === 'POST' && request.url.split('?')[0] === '/v1/oauth/token',
      strict: context.strict,
    });
    if (!version.ok) return sendNotionError(request, reply, version.code, version.message);
    if (version.warning) request.notionWarnings.push(version.warning);
  });
}
