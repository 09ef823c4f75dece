import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context/server-context.js';
import { hashSecret } from '../../crypto/tokens.js';
import { authenticatePerson } from './authenticate-person.js';
import { sendAuthorizeAnswer } from './authorize-reply.js';
import { BINDING_COOKIE } from './browser-binding.js';
import { connectAccount } from './connect-account.js';
import {
  checkPendingRequest,
  checkSamePerson,
  codeAnswer,
  decideConsent,
  exchangeFailed,
  readConsentForm,
} from './consent-decision.js';

/**
 * `POST` of the consent page (SPEC §2 steps 3–5): takes the person's Allow or Deny, and on Allow exchanges
 * Notion's code and redirects back with our own code. Each read is followed by its decision
 * (consent-decision.ts); this only reads, calls and sends.
 */
export async function answerConsent(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
): Promise<FastifyReply> {
  const { store } = context;
  const send = (answer: Parameters<typeof sendAuthorizeAnswer>[2]) =>
    sendAuthorizeAnswer(reply, request, answer);
  const read = readConsentForm(request.body);
  if ('kind' in read) return send(read);
  const { form } = read;
  const idHash = hashSecret(form.request_id);
  const found = await store.consents.findAuthorizationRequest(idHash);
  const now = context.clock();
  const binding = request.cookies[BINDING_COOKIE] ?? '';
  const checked = checkPendingRequest({ form, pending: found, binding, now });
  if ('kind' in checked) return send(checked);
  const { pending } = checked;
  const person = await authenticatePerson(request, context, context.config.paths.authorize);
  const stranger = checkSamePerson(person, pending);
  if (stranger) return send(stranger);
  const decided = decideConsent(
    await store.consents.markAuthorizationRequestUsed(idHash, now),
    form,
    pending,
  );
  if (decided.kind !== 'exchange') return send(decided);

  const notionCode = context.secretBox.open(pending.notionCode, `notion-code:${idHash}`);
  const exchange = await context.notion.exchangeCode(notionCode, {
    key: pending.accountId,
    name: pending.accountName,
  });
  if (!exchange.ok) {
    request.log.warn(
      { code: 'UNFURLKIT_NOTION_EXCHANGE_FAILED', cause: exchange.cause },
      'Notion code exchange failed',
    );
    return send(exchangeFailed(exchange, pending));
  }
  const connected = await connectAccount(context, pending, exchange.token, now);
  request.log.info(
    {
      grantId: connected.grantId,
      connectionId: connected.connectionId,
      workspaceId: exchange.token.workspace_id,
      superseded: connected.superseded,
    },
    'account connected',
  );
  return send(codeAnswer(pending, connected.code));
}
