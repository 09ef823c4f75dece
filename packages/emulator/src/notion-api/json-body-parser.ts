import type { FastifyInstance } from 'fastify';
import { INVALID_JSON_ERROR_CODE } from '../runtime/error-answers.js';

/** Notion accepts bodies up to 500 KB; a little more is read so core's validator can say so precisely. */
const API_BODY_LIMIT = 1024 * 1024;

/**
 * Notion parses every API body as JSON whatever its Content-Type; so do we. An empty body is no body; a body
 * that is not JSON fails with the error `runtime/error-answers.ts` turns into `invalid_json`.
 */
export function parseEveryBodyAsJson(api: FastifyInstance): void {
  api.removeAllContentTypeParsers();
  api.addContentTypeParser('*', { parseAs: 'string', bodyLimit: API_BODY_LIMIT }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    // Kept so that a route can recognise a body it has seen before by its text (patch-validation-memo.ts).
    request.notionBodyText = text;
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
}
