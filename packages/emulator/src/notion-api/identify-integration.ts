import { parseBasicAuth } from '@unfurlkit/core/http';
import type { FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import type { Integration } from '../settings/settings-service.js';
import { authenticateClient } from './authenticate-client.js';

export type IntegrationAuthentication =
  | { ok: true; integration: Integration }
  | { ok: false; message: string };

/**
 * Which integration calls `/v1/oauth/*`: the one whose Notion client id the HTTP Basic credentials name, its
 * secret checked in constant time (an unknown id is checked against the first integration's credentials, so
 * the answer is the same `invalid_client`). The traffic log then says which integration the request concerns.
 */
export function identifyIntegration(
  context: EmulatorContext,
  request: FastifyRequest,
): IntegrationAuthentication {
  const claimed = parseBasicAuth(request.headers.authorization)?.id;
  const integration = claimed === undefined ? undefined : context.settings.byNotionClientId(claimed);
  const expected = integration
    ? { clientId: integration.settings.notionClientId, clientSecret: integration.settings.notionClientSecret }
    : context.settings.notionCredentials();
  const client = authenticateClient(request.headers.authorization, expected);
  if (!client.ok) return client;
  if (!integration) return { ok: false, message: 'No integration is configured yet.' };
  request.notionIntegration = { id: integration.id, name: integration.settings.name };
  return { ok: true, integration };
}
