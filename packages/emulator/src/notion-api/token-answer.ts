import type { NotionTokenResponse } from '@unfurlkit/core';
import { findPerson, WORKSPACE_NAME } from '../runtime/people.js';

/**
 * Notion's answer to a successful code exchange: the connection's bearer token (no refresh token, no
 * expiry), the bot and workspace, and the person who connected as the owner.
 *
 * @example
 * tokenAnswer({ accessToken, botId, person: 'ada', workspaceId, requestId }).owner; // Ada as a Notion user
 */
export function tokenAnswer(grant: {
  accessToken: string;
  botId: string;
  person: string;
  workspaceId: string;
  requestId: string;
}): NotionTokenResponse {
  const person = findPerson(grant.person);
  return {
    access_token: grant.accessToken,
    token_type: 'bearer',
    refresh_token: null,
    bot_id: grant.botId,
    workspace_id: grant.workspaceId,
    workspace_name: WORKSPACE_NAME,
    workspace_icon: null,
    owner: {
      type: 'user',
      user: {
        object: 'user',
        id: person?.userId ?? grant.person,
        name: person?.name ?? grant.person,
        avatar_url: null,
        type: 'person',
        person: { email: person?.email ?? '' },
      },
    },
    duplicated_template_id: null,
    request_id: grant.requestId,
  };
}
