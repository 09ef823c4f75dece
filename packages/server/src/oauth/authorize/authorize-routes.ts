import type {} from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context/server-context.js';
import { answerConsent } from './answer-consent.js';
import { authorizeFailurePage } from './authorize-failure.js';
import { showErrorPage } from './authorize-reply.js';
import { showConsentPage } from './show-consent-page.js';

/**
 * The OAuth Authorize URL (SPEC §2 steps 1–5): `GET` checks Notion's request and shows the consent page to the
 * signed-in person (show-consent-page.ts); `POST` takes their Allow or Deny, and on Allow exchanges Notion's code
 * and redirects back with our own code (answer-consent.ts). Both are rate-limited per client IP. They are pages
 * a person reads: every failure, thrown or refused before the handler, is an HTML page too.
 */
export async function authorizeRoutes(
  app: FastifyInstance,
  { context }: { context: ServerContext },
): Promise<void> {
  const { config } = context;
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) => ({
      statusCode: 429,
      message: `Too many requests: try again in ${Math.ceil(limit.ttl / 1000)} seconds.`,
    }),
  });
  const limited = { rateLimit: { max: config.authorizeRateLimitPerMinute, timeWindow: 60_000 } };
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const page = authorizeFailurePage(error);
    if (page.unexpected) request.log.error({ err: error }, 'authorize page failed');
    else request.log.info({ code: error.code, status: page.status }, 'authorize request refused');
    return showErrorPage(reply, request, page.status, page.title, page.message);
  });
  app.get(config.paths.authorize, { config: limited }, (request, reply) =>
    showConsentPage(request, reply, context),
  );
  app.post(config.paths.authorize, { config: limited }, (request, reply) =>
    answerConsent(request, reply, context),
  );
}
