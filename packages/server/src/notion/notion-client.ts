import type { NotionClient, NotionClientOptions } from './notion-api.js';

export type { NotionClient, NotionClientOptions } from './notion-api.js';

/**
 * The server's one door to Notion's API, built once from the configuration's `notion` section. The Notion SDK
 * and the calls on it are loaded at the first call, not at start-up: many servers make none for minutes (no
 * one connects, no change is pushed), and every module loaded at start-up costs start-up time and memory.
 *
 * @example
 * const notion = createNotionClient({ ...config.notion, logger, clock: Date.now });
 * const outcome = await notion.patchExternalObject(notionToken, body);
 */
export function createNotionClient(options: NotionClientOptions): NotionClient {
  let loaded: Promise<NotionClient> | undefined;
  const calls = (): Promise<NotionClient> => {
    loaded ??= import('./notion-calls.js').then(({ notionCalls }) => notionCalls(options));
    return loaded;
  };
  return {
    refreshToken: async (refreshToken) => (await calls()).refreshToken(refreshToken),
    introspectToken: async (token) => (await calls()).introspectToken(token),
    revokeToken: async (token) => (await calls()).revokeToken(token),
    exchangeCode: async (code, account) => (await calls()).exchangeCode(code, account),
    patchExternalObject: async (notionToken, body) => (await calls()).patchExternalObject(notionToken, body),
  };
}
