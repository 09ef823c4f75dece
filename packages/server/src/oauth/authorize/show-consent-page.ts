import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context/server-context.js';
import { hashSecret, newSecret } from '../../crypto/tokens.js';
import type { Account } from '../../store/store.js';
import { consentPage } from '../../ui/consent-page.js';
import { authenticatePerson } from './authenticate-person.js';
import { sendAuthorizeAnswer, showErrorPage } from './authorize-reply.js';
import { browserBinding, csrfHash } from './browser-binding.js';
import { runAuthorizeChecks } from './checks/authorize-check.js';
import { failureAnswer } from './checks/authorize-outcome.js';
import { type AuthorizeParams, readAuthorizeParams } from './checks/authorize-params.js';
import { scopeList } from './checks/check-scope.js';
import { openResume, parseQuery, sealResume } from './sign-in-resume.js';

/**
 * `GET` of the Authorize URL (SPEC §2 steps 1–3): checks Notion's request (checks/), asks the product who is
 * signed in (sending the person to its sign-in page and back if nobody is), records the pending request and shows
 * the consent page.
 */
export async function showConsentPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
): Promise<FastifyReply> {
  const { config, secretBox } = context;
  const query = authorizeQuery(request, context);
  if (query === undefined) {
    return showErrorPage(
      reply,
      request,
      400,
      'Cannot connect',
      'This sign-in link expired or is not valid. Start again from Notion.',
    );
  }
  const params = readAuthorizeParams(parseQuery(query));
  const failure = runAuthorizeChecks(params, context);
  if (failure) {
    if (failure.kind === 'page' && failure.log) request.log.warn(failure.log);
    // A redirect failure comes only after redirect_uri passed its check.
    const to = { redirectUri: params.redirectUri!, state: params.state };
    return sendAuthorizeAnswer(reply, request, failureAnswer(failure, to));
  }
  const returnTo = `${config.paths.authorize}?resume=${encodeURIComponent(
    sealResume(secretBox, query, context.clock() + config.oauth.codeTtl * 1000),
  )}`;
  const person = await authenticatePerson(request, context, returnTo);
  if ('signInUrl' in person) return reply.redirect(person.signInUrl);
  if ('invalid' in person) {
    request.log.error({ code: 'UNFURLKIT_INTEGRATION_INVALID' }, person.invalid);
    return showErrorPage(
      reply,
      request,
      500,
      'Cannot connect',
      'This service could not tell who is signed in.',
    );
  }
  const { requestId, csrfToken } = await recordPendingRequest(
    request,
    reply,
    context,
    params,
    person.account,
  );
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      consentPage({
        productName: context.integration.name,
        accountName: person.account.name,
        scopes: scopeList(params.scope),
        formAction: config.paths.authorize,
        requestId,
        csrfToken,
        // Back to this same authorization after signing out, so the person signs in again and continues.
        ...(context.integration.signOutUrl
          ? { signOut: { action: context.integration.signOutUrl, next: returnTo } }
          : {}),
      }),
    );
}

/**
 * The authorize request's query string: this URL's own, or, back from the product's sign-in page, the original
 * one sealed in `resume` (see sign-in-resume.ts). Undefined when that seal is expired or not ours.
 */
function authorizeQuery(request: FastifyRequest, context: ServerContext): string | undefined {
  const resume = (request.query as Record<string, unknown>).resume;
  if (resume === undefined) {
    return request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  }
  return typeof resume === 'string' ? openResume(context.secretBox, resume, context.clock()) : undefined;
}

/**
 * Stores the checked request until the person answers: Notion's code sealed, the CSRF token bound to this
 * browser, both only as hashes; returns the request id and CSRF token the consent form carries.
 */
async function recordPendingRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  params: AuthorizeParams,
  account: Account,
): Promise<{ requestId: string; csrfToken: string }> {
  const { config, secretBox } = context;
  const now = context.clock();
  const requestId = newSecret('consent', context.random);
  const csrfToken = newSecret('csrf', context.random);
  const idHash = hashSecret(requestId);
  await context.store.consents.createAuthorizationRequest({
    idHash,
    clientId: params.clientId!,
    redirectUri: params.redirectUri!,
    scope: params.scope ?? null,
    state: params.state ?? null,
    notionCode: secretBox.seal(params.notionCode!, `notion-code:${idHash}`),
    accountId: account.id,
    accountName: account.name,
    csrfHash: csrfHash(csrfToken, browserBinding(request, reply, context)),
    createdAt: now,
    expiresAt: now + config.oauth.codeTtl * 1000,
    usedAt: null,
  });
  return { requestId, csrfToken };
}
