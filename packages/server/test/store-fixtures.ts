import { randomBytes } from 'node:crypto';
import type {
  AccessTokenRecord,
  AuthorizationCodeRecord,
  AuthorizationRequestRecord,
  GrantRecord,
  IntegrationStore,
  NotionConnectionInput,
  NotionConnectionRecord,
  PreviewRecord,
  RefreshTokenRecord,
  SealedSecret,
} from '../src/store/store.js';

/*
 * Record builders for the store contract: valid by default, every field overridable. Ids and hashes are random
 * so tests never collide, even on a shared database.
 */

/** A fixed "now" (2025-06-15T…Z); tests move time by adding to it, never by reading the clock. */
export const T0 = 1_750_000_000_000;
export const MINUTE = 60_000;

/** A SHA-256 hex digest's shape. */
export const aHash = (): string => randomBytes(32).toString('hex');
export const anId = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

export const aSealedSecret = (): SealedSecret => ({
  keyId: anId('key'),
  sealed: randomBytes(60).toString('base64url'),
});

export const aConsentRequest = (
  over: Partial<AuthorizationRequestRecord> = {},
): AuthorizationRequestRecord => ({
  idHash: aHash(),
  clientId: 'notion-client',
  redirectUri: 'https://www.notion.so/externalintegrationauthcallback',
  scope: 'read',
  state: anId('state'),
  notionCode: aSealedSecret(),
  accountId: anId('acct'),
  accountName: 'Ada Lovelace',
  csrfHash: aHash(),
  createdAt: T0,
  expiresAt: T0 + 10 * MINUTE,
  usedAt: null,
  ...over,
});

export const aConnectionInput = (over: Partial<NotionConnectionInput> = {}): NotionConnectionInput => ({
  accountId: anId('acct'),
  accountName: 'Ada Lovelace',
  botId: anId('bot'),
  workspaceId: anId('ws'),
  workspaceName: 'Analytical Engines',
  workspaceIcon: 'https://example.test/icon.png',
  accessToken: aSealedSecret(),
  refreshToken: null,
  accessTokenExpiresAt: null,
  ...over,
});

export const aGrant = (connectionId: string, over: Partial<GrantRecord> = {}): GrantRecord => ({
  id: anId('grant'),
  accountId: anId('acct'),
  accountName: 'Ada Lovelace',
  clientId: 'notion-client',
  scope: 'read',
  connectionId,
  createdAt: T0,
  revokedAt: null,
  ...over,
});

export const aCode = (
  grant: GrantRecord,
  over: Partial<AuthorizationCodeRecord> = {},
): AuthorizationCodeRecord => ({
  codeHash: aHash(),
  grantId: grant.id,
  clientId: grant.clientId,
  redirectUri: 'https://www.notion.so/externalintegrationauthcallback',
  scope: grant.scope,
  accountId: grant.accountId,
  createdAt: T0,
  expiresAt: T0 + 10 * MINUTE,
  usedAt: null,
  ...over,
});

export const anAccessToken = (grantId: string, over: Partial<AccessTokenRecord> = {}): AccessTokenRecord => ({
  tokenHash: aHash(),
  grantId,
  createdAt: T0,
  expiresAt: T0 + 60 * MINUTE,
  revokedAt: null,
  ...over,
});

export const aRefreshToken = (
  grantId: string,
  over: Partial<RefreshTokenRecord> = {},
): RefreshTokenRecord => ({
  tokenHash: aHash(),
  grantId,
  createdAt: T0,
  expiresAt: T0 + 30 * 24 * 60 * MINUTE,
  usedAt: null,
  revokedAt: null,
  successor: null,
  ...over,
});

export const aPreview = (connectionId: string, over: Partial<PreviewRecord> = {}): PreviewRecord => ({
  connectionId,
  uri: `https://acme.test/items/${anId('item')}`,
  ruleName: 'item',
  accountId: anId('acct'),
  createdAt: T0,
  lastUnfurledAt: T0,
  ...over,
});

/** A stored connection with one grant and its code: the state right after a person pressed Allow. */
export async function givenGrant(
  store: IntegrationStore,
  over: { connection?: NotionConnectionRecord; grant?: Partial<GrantRecord> } = {},
): Promise<{ connection: NotionConnectionRecord; grant: GrantRecord; code: AuthorizationCodeRecord }> {
  const connection = over.connection ?? (await store.connections.upsert(aConnectionInput(), T0));
  const grant = aGrant(connection.id, { accountId: connection.accountId, ...over.grant });
  const code = aCode(grant);
  await store.grants.createGrantWithCode(grant, code);
  return { connection, grant, code };
}

/** How many of `results` are `true`: for "exactly one concurrent caller wins". */
export const countTrue = (results: readonly boolean[]): number => results.filter(Boolean).length;
