import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';

/**
 * The sentence the callback shows for a refused exchange: which call, and Notion's status, code and message.
 *
 * @example
 * describeRefusedExchange(400, 'missing_version', 'Notion-Version header failed validation…');
 * // 'POST /v1/oauth/token was refused: 400 missing_version: Notion-Version header failed validation…'
 */
export function describeRefusedExchange(status: number, code: string, message: string): string {
  return `POST /v1/oauth/token was refused: ${status} ${code}: ${message}`;
}

/**
 * When `POST /v1/oauth/token` refuses an exchange whose body names one of our codes, the refusal is kept on
 * that connect attempt, so the callback can say exactly which call was refused and why instead of "the
 * integration never exchanged the code".
 */
export function recordRefusedExchanges(api: FastifyInstance, context: EmulatorContext): void {
  api.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400 || request.method !== 'POST') return payload;
    if (request.url.split('?')[0] !== '/v1/oauth/token') return payload;
    const code = (request.body as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'string' || code === '' || typeof payload !== 'string') return payload;
    try {
      const error = JSON.parse(payload) as { code?: unknown; message?: unknown };
      await context.store.authorizations.recordExchangeProblem(
        code,
        describeRefusedExchange(reply.statusCode, String(error.code), String(error.message)),
      );
    } catch {
      // Not our envelope: nothing precise to tell.
    }
    return payload;
  });
}
