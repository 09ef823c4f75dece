import type { ExternalAccount, UnfurlObject } from '@unfurlkit/core';
import { type CodeExchangeOutcome, exchangeCode } from './exchange-code.js';
import { type IntrospectOutcome, introspectNotionToken } from './introspect-notion-token.js';
import {
  createInteractiveSdk,
  createLifecycleSdk,
  createOutboxSdk,
  type NotionSdkOptions,
} from './notion-sdk.js';
import { type PatchOutcome, patchExternalObject } from './patch-external-object.js';
import { type RefreshOutcome, refreshNotionToken } from './refresh-notion-token.js';
import { type RevokeOutcome, revokeNotionToken } from './revoke-notion-token.js';

/**
 * Every call this server makes to Notion's API, one method per endpoint. Each answers with a typed outcome and
 * never throws, so callers decide on values. One file per call.
 */
export interface NotionClient {
  /** `POST /v1/oauth/token` with Notion's authorization code (SPEC §2 step 4). */
  exchangeCode(code: string, account: ExternalAccount): Promise<CodeExchangeOutcome>;
  /** `PATCH /v1/external/object` with one person's Notion token (SPEC §4). */
  patchExternalObject(notionToken: string, body: UnfurlObject): Promise<PatchOutcome>;
  /** `POST /v1/oauth/token` with `grant_type=refresh_token`: a new pair for an expired (or refused) token. */
  refreshToken(refreshToken: string): Promise<RefreshOutcome>;
  /** `POST /v1/oauth/introspect`: whether Notion still accepts a token. */
  introspectToken(token: string): Promise<IntrospectOutcome>;
  /** `POST /v1/oauth/revoke`: best effort, at most one `NOTION_TIMEOUT_MS`. */
  revokeToken(token: string): Promise<RevokeOutcome>;
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
  const lifecycle = createLifecycleSdk(options);
  return {
    refreshToken: (refreshToken) => refreshNotionToken(lifecycle, options, refreshToken),
    introspectToken: (token) => introspectNotionToken(lifecycle, options, token),
    revokeToken: (token) => revokeNotionToken(lifecycle, options, token),
    exchangeCode: (code, account) => exchangeCode(interactive, options, code, account),
    patchExternalObject: (notionToken, body) => patchExternalObject(outbox, notionToken, body, options.clock),
  };
}
