import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The id Notion's API gives every request (`x-notion-request-id`, `request_id`). */
    notionRequestId: string;
    /** The body sent back, kept for the traffic log. */
    trafficResponseBody: unknown;
    /** What Notion tolerated in this request (e.g. no `Notion-Version` on a token exchange), to show. */
    notionWarnings: string[];
    /** The integration the request turned out to concern (its client credentials or token), for the log. */
    notionIntegration: { id: string; name: string } | null;
    /** The body's text as received, for bodies read by Notion's API's JSON parser (null otherwise). */
    notionBodyText: string | null;
  }
}

/** Declares the fields above on every request (Fastify wants them known before the first request). */
export function decorateRequestFields(app: FastifyInstance): void {
  app.decorateRequest('notionRequestId', '');
  app.decorateRequest('trafficResponseBody', null);
  // A shared array would be shared by every request: each gets its own in the request gate.
  app.decorateRequest('notionWarnings', null as unknown as string[]);
  app.decorateRequest('notionIntegration', null);
  app.decorateRequest('notionBodyText', null);
}
