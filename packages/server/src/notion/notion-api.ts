import type { ExternalAccount, UnfurlObject } from '@unfurlkit/core';
import type { CodeExchangeOutcome } from './exchange-code.js';
import type { IntrospectOutcome } from './introspect-notion-token.js';
import type { NotionSdkOptions } from './notion-sdk.js';
import type { PatchOutcome } from './patch-external-object.js';
import type { RefreshOutcome } from './refresh-notion-token.js';
import type { RevokeOutcome } from './revoke-notion-token.js';

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
