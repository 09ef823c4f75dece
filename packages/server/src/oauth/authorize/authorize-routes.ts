import { randomUUID } from 'node:crypto';
import type {} from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { safeEqual } from '@unfurlkit/core/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notionTokenAad } from '../../crypto/notion-token-aad.js';
import { hashSecret, newSecret } from '../../crypto/tokens.js';
import type { ServerContext } from '../../server-context.js';
import type { AuthorizationRequestRecord } from '../../store/store.js';
import { consentPage } from '../../ui/consent-page.js';
import { errorPage } from '../../ui/error-page.js';
import { authenticatePerson } from './authenticate-person.js';
import { authorizeRedirectUrl } from './authorize-outcome.js';
import { readAuthorizeParams } from './authorize-params.js';
import { BINDING_COOKIE, browserBinding, csrfHash } from './browser-binding.js';
import { runAuthorizeChecks } from './checks/authorize-check.js';
import { scopeList } from './checks/check-scope.js';
import { openResume, parseQuery, sealResume } from './sign-in-resume.js';

const consentFormSchema = z.object({
  request_id: z.string().min(1).max(200),
  csrf: z.string().min(1).max(200),
  decision: z.enum(['allow', 'deny']),
});

/**
 * The OAuth Authorize URL (SPEC §2 steps 1–5): `GET` checks Notion's request and shows the consent page to the
 * signed-in person; `POST` takes their Allow or Deny, and on Allow exchanges Notion's code and redirects back
 * with our own code.
 */
export async function authorizeRoutes(
  app: FastifyInstance,
  { context }: { context: ServerContext },
): Promise<void> {
  const { config, store, secretBox } = context;
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) => ({
      statusCode: 429,
      message: `Too many requests: try again in ${Math.ceil(limit.ttl / 1000)} seconds.`,
    }),
  });
  const limited = { rateLimit: { max: config.authorizeRateLimitPerMinute, timeWindow: 60_000 } };

  const show = (
    reply: FastifyReply,
    request: FastifyRequest,
    status: number,
    title: string,
    message: string,
  ) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(errorPage({ title, message, requestId: request.id }));

  app.get(config.paths.authorize, { config: limited }, async (request, reply) => {
    // Back from the product's sign-in page: the original request, sealed (see sign-in-resume.ts).
    const resume = (request.query as Record<string, unknown>).resume;
    let query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    if (resume !== undefined) {
      const original =
        typeof resume === 'string' ? openResume(secretBox, resume, context.clock()) : undefined;
      if (original === undefined) {
        return show(
          reply,
          request,
          400,
          'Cannot connect',
          'This sign-in link expired or is not valid. Start again from Notion.',
        );
      }
      query = original;
    }
    const params = readAuthorizeParams(parseQuery(query));
    const failure = runAuthorizeChecks(params, context);
    if (failure?.kind === 'page') return show(reply, request, failure.status, failure.title, failure.message);
    if (failure?.kind === 'redirect') {
      return reply.redirect(
        authorizeRedirectUrl(params.redirectUri!, {
          error: failure.error,
          error_description: failure.description,
          state: params.state,
        }),
      );
    }
    const returnTo = `${config.paths.authorize}?resume=${encodeURIComponent(
      sealResume(secretBox, query, context.clock() + config.oauth.codeTtl * 1000),
    )}`;
    const person = await authenticatePerson(request, context, returnTo);
    if ('signInUrl' in person) return reply.redirect(person.signInUrl);
    if ('invalid' in person) {
      request.log.error({ code: 'UNFURLKIT_INTEGRATION_INVALID' }, person.invalid);
      return show(reply, request, 500, 'Cannot connect', 'This service could not tell who is signed in.');
    }

    const now = context.clock();
    const requestId = newSecret('consent', context.random);
    const csrfToken = newSecret('csrf', context.random);
    const idHash = hashSecret(requestId);
    const record: AuthorizationRequestRecord = {
      idHash,
      clientId: params.clientId!,
      redirectUri: params.redirectUri!,
      scope: params.scope ?? null,
      state: params.state ?? null,
      notionCode: secretBox.seal(params.notionCode!, `notion-code:${idHash}`),
      accountId: person.account.id,
      accountName: person.account.name,
      csrfHash: csrfHash(csrfToken, browserBinding(request, reply, context)),
      createdAt: now,
      expiresAt: now + config.oauth.codeTtl * 1000,
      usedAt: null,
    };
    await store.createAuthorizationRequest(record);
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
        }),
      );
  });

  app.post(config.paths.authorize, { config: limited }, async (request, reply) => {
    const form = consentFormSchema.safeParse(request.body);
    if (!form.success) return show(reply, request, 400, 'Cannot connect', 'The consent form was incomplete.');
    const idHash = hashSecret(form.data.request_id);
    const pending = await store.findAuthorizationRequest(idHash);
    const binding = request.cookies[BINDING_COOKIE] ?? '';
    if (!pending || !safeEqual(csrfHash(form.data.csrf, binding), pending.csrfHash)) {
      return show(
        reply,
        request,
        403,
        'Cannot connect',
        'This consent form is not valid here. Start again from Notion.',
      );
    }
    const back = (params: Record<string, string | undefined>) =>
      reply.redirect(
        authorizeRedirectUrl(pending.redirectUri, { ...params, state: pending.state ?? undefined }),
      );
    const alreadyAnswered = () =>
      show(
        reply,
        request,
        409,
        'Already answered',
        'This request was already answered. Start again from Notion.',
      );
    const now = context.clock();
    if (pending.usedAt !== null) {
      return alreadyAnswered();
    }
    if (now >= pending.expiresAt) {
      return back({
        error: 'access_denied',
        error_description: 'The consent page expired; connect again from Notion',
      });
    }
    const person = await authenticatePerson(request, context, config.paths.authorize);
    if (!('account' in person) || person.account.id !== pending.accountId) {
      return show(
        reply,
        request,
        403,
        'Cannot connect',
        'You are no longer signed in as the person this page was for.',
      );
    }
    if (!(await store.markAuthorizationRequestUsed(idHash, now))) {
      return alreadyAnswered();
    }
    if (form.data.decision === 'deny') {
      return back({ error: 'access_denied', error_description: 'The person denied the request' });
    }

    const notionCode = secretBox.open(pending.notionCode, `notion-code:${idHash}`);
    const exchange = await context.notion.exchange(notionCode, {
      key: pending.accountId,
      name: pending.accountName,
    });
    if (!exchange.ok) {
      request.log.warn(
        { code: 'UNFURLKIT_NOTION_EXCHANGE_FAILED', cause: exchange.cause },
        'Notion code exchange failed',
      );
      return back({ error: exchange.error, error_description: exchange.description });
    }
    const { token } = exchange;
    const connection = await store.upsertNotionConnection(
      {
        accountId: pending.accountId,
        accountName: pending.accountName,
        botId: token.bot_id,
        workspaceId: token.workspace_id,
        workspaceName: token.workspace_name,
        workspaceIcon: token.workspace_icon,
        accessToken: secretBox.seal(token.access_token, notionTokenAad(pending.accountId, token.bot_id)),
      },
      now,
    );
    // A reconnection supersedes the earlier grants of this connection: Notion keeps only the newest tokens, so
    // the old ones (refresh tokens live for months) would only be loose credentials.
    const superseded = await store.revokeGrantsOfConnection(connection.id, now);
    const code = newSecret('code', context.random);
    const grantId = randomUUID();
    await store.createGrantWithCode(
      {
        id: grantId,
        accountId: pending.accountId,
        accountName: pending.accountName,
        clientId: pending.clientId,
        scope: pending.scope,
        connectionId: connection.id,
        createdAt: now,
        revokedAt: null,
      },
      {
        codeHash: hashSecret(code),
        grantId,
        clientId: pending.clientId,
        redirectUri: pending.redirectUri,
        scope: pending.scope,
        accountId: pending.accountId,
        createdAt: now,
        expiresAt: now + config.oauth.codeTtl * 1000,
        usedAt: null,
      },
    );
    request.log.info(
      { grantId, connectionId: connection.id, workspaceId: token.workspace_id, superseded },
      'account connected',
    );
    return back({ code });
  });
}
