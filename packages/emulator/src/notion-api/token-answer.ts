import type { NotionTokenResponse } from '@unfurlkit/core';
import { findPerson, WORKSPACE_NAME } from '../runtime/people.js';

/** Notion's token answer, with `expires_in` when the token expires (Notion's refresh-token lifecycle). */
export type NotionTokenAnswer = NotionTokenResponse & { expires_in?: number };

/**
 * Notion's answer to a successful code exchange or refresh: the connection's bearer token, its refresh token
 * and lifetime (`refresh_token: null` and no `expires_in` when tokens never expire), the bot and workspace,
 * and the owner: the person who connected, or (`owner: 'workspace'`) `{"type":"workspace","workspace":true}`.
 *
 * @example
 * tokenAnswer({ accessToken, refreshToken: null, expiresInSeconds: null, botId, person: 'ada', owner: 'user', workspaceId, requestId }).owner; // Ada as a Notion user
 */
export function tokenAnswer(grant: {
  accessToken: string;
  refreshToken: string | null;
  expiresInSeconds: number | null;
  botId: string;
  person: string;
  owner: 'user' | 'workspace';
  workspaceId: string;
  requestId: string;
}): NotionTokenAnswer {
  const person = findPerson(grant.person);
  const owner =
    grant.owner === 'workspace'
      ? { type: 'workspace', workspace: true }
      : {
          type: 'user',
          user: {
            object: 'user',
            id: person?.userId ?? grant.person,
            name: person?.name ?? grant.person,
            avatar_url: null,
            type: 'person',
            person: { email: person?.email ?? '' },
          },
        };
  return {
    access_token: grant.accessToken,
    token_type: 'bearer',
    refresh_token: grant.refreshToken,
    ...(grant.expiresInSeconds === null ? {} : { expires_in: grant.expiresInSeconds }),
    bot_id: grant.botId,
    workspace_id: grant.workspaceId,
    workspace_name: WORKSPACE_NAME,
    workspace_icon: null,
    owner,
    duplicated_template_id: null,
    request_id: grant.requestId,
  };
}
