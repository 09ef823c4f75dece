import { exchangeCode } from './exchange-code.js';
import { introspectNotionToken } from './introspect-notion-token.js';
import type { NotionClient, NotionClientOptions } from './notion-api.js';
import { createInteractiveSdk, createLifecycleSdk, createOutboxSdk } from './notion-sdk.js';
import { patchExternalObject } from './patch-external-object.js';
import { refreshNotionToken } from './refresh-notion-token.js';
import { revokeNotionToken } from './revoke-notion-token.js';

/**
 * The calls behind `createNotionClient`, on the three SDK clients (interactive, lifecycle, outbox): loaded, with
 * the SDK, at the first call to Notion.
 */
export function notionCalls(options: NotionClientOptions): NotionClient {
  const interactive = createInteractiveSdk(options);
  const outbox = createOutboxSdk(options);
  const lifecycle = createLifecycleSdk(options);
  return {
    refreshToken: (refreshToken) => refreshNotionToken(lifecycle, options, refreshToken),
    introspectToken: (token) => introspectNotionToken(lifecycle, options, token),
    revokeToken: (token) => revokeNotionToken(lifecycle, options, token),
    exchangeCode: (code, account) => exchangeCode(interactive, options, code, account),
    patchExternalObject: (notionToken, body) => patchExternalObject(outbox, notionToken, body, options.clock),
  };
}
