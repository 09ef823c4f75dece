import type {} from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context/server-context.js';
import { usePageErrors } from '../../http/wire-errors.js';
import type { answerConsent } from './answer-consent.js';
import { authorizeFailurePage } from './authorize-failure.js';
import { showErrorPage } from './authorize-reply.js';
import type { showConsentPage } from './show-consent-page.js';

/*
 * The consent page and the answer to it (their checks, the page template, the account connection) are loaded at
 * the first request that shows or answers one, not at start-up: most of a server's life is /unfurl, and every
 * module loaded at start-up costs start-up time and memory. The error pages stay: they answer refusals Fastify
 * makes before any handler runs.
 */
let showing: Promise<{ showConsentPage: typeof showConsentPage }> | undefined;
let answering: Promise<{ answerConsent: typeof answerConsent }> | undefined;
const consentPages = () => (showing ??= import('./show-consent-page.js'));
const consentAnswers = () => (answering ??= import('./answer-consent.js'));

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
  // A person is reading: the database being unavailable is a page (503, Retry-After), and so is every other
  // failure, thrown or refused before the handler, never JSON.
  usePageErrors(
    app,
    (reply) =>
      showErrorPage(
        reply,
        reply.request,
        503,
        'Try again in a moment',
        'This service cannot reach its database right now. Wait a few seconds, then reload this page.',
      ),
    (error, reply) => {
      const page = authorizeFailurePage(error);
      if (page.unexpected) reply.request.log.error({ err: error }, 'authorize page failed');
      else reply.request.log.info({ code: error.code, status: page.status }, 'authorize request refused');
      return showErrorPage(reply, reply.request, page.status, page.title, page.message);
    },
  );
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) => ({
      statusCode: 429,
      message: `Too many requests: try again in ${Math.ceil(limit.ttl / 1000)} seconds.`,
    }),
  });
  const limited = { rateLimit: { max: config.authorizeRateLimitPerMinute, timeWindow: 60_000 } };
  app.get(config.paths.authorize, { config: limited }, async (request, reply) =>
    (await consentPages()).showConsentPage(request, reply, context),
  );
  app.post(config.paths.authorize, { config: limited }, async (request, reply) =>
    (await consentAnswers()).answerConsent(request, reply, context),
  );
}
