import type { ExternalAccount, UnfurlObject } from '@unfurlkit/core';
import { type CodeExchangeOutcome, exchangeCode } from './exchange-code.js';
import { createInteractiveSdk, createOutboxSdk, type NotionSdkOptions } from './notion-sdk.js';
import { type PatchOutcome, patchExternalObject } from './patch-external-object.js';

/**
 * Every call this server makes to Notion's API, one method per endpoint. Each answers with a typed outcome and
 * never throws, so callers decide on values. Token refresh, introspection and revocation belong here too, each
 * in a file of its own beside `exchange-code.ts` and `patch-external-object.ts`.
 */
export interface NotionClient {
  /** `POST /v1/oauth/token` with Notion's authorization code (SPEC §2 step 4). */
  exchangeCode(code: string, account: ExternalAccount): Promise<CodeExchangeOutcome>;
  /** `PATCH /v1/external/object` with one person's Notion token (SPEC §4). */
  patchExternalObject(notionToken: string, body: UnfurlObject): Promise<PatchOutcome>;
}

export interface NotionClientOptions extends NotionSdkOptions {
  /** The integration's credentials at Notion, for exchanging Notion's code. */
  clientId: string;
  clientSecret: string;
  /** Epoch milliseconds; reads a `Retry-After` date. */
  clock: () => number;
}

/**
 * The server's one door to Notion's API, built once from the configuration's `notion` section.
 *
 * @example
 * const notion = createNotionClient({ ...config.notion, logger, clock: Date.now });
 * const outcome = await notion.patchExternalObject(notionToken, body);
 */
export function createNotionClient(options: NotionClientOptions): NotionClient {
  const interactive = createInteractiveSdk(options);
  const outbox = createOutboxSdk(options);
  return {
    exchangeCode: (code, account) => exchangeCode(interactive, options, code, account),
    patchExternalObject: (notionToken, body) => patchExternalObject(outbox, notionToken, body, options.clock),
  };
}
