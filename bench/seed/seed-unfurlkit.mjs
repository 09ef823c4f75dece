// Gives the unfurlkit configurations valid tokens without a browser: before the server starts, the store is
// opened through unfurlkit's own API and given one Notion connection, one grant with a live access token (for
// /unfurl), and one grant per refresh chain with a live refresh token (for /notion/token). The same records an
// Allow followed by a code exchange would leave.
import { openStore } from 'unfurlkit';
import { newToken, randomId, sha256Hex } from './secrets.mjs';

const DAY_MS = 24 * 60 * 60 * 1000;
const REDIRECT_URI = 'https://www.notion.so/externalintegrationauthcallback';

async function grantFor(store, connection, clientId, now) {
  const grant = {
    id: randomId('grant'),
    accountId: connection.accountId,
    accountName: connection.accountName,
    clientId,
    scope: null,
    connectionId: connection.id,
    createdAt: now,
    revokedAt: null,
  };
  const code = {
    codeHash: sha256Hex(newToken('ufk_code_')),
    grantId: grant.id,
    clientId,
    redirectUri: REDIRECT_URI,
    scope: null,
    accountId: grant.accountId,
    createdAt: now,
    expiresAt: now + 10 * 60 * 1000,
    usedAt: now,
  };
  await store.grants.createGrantWithCode(grant, code);
  return grant;
}

/**
 * Seeds the store at `databaseUrl` (`schema`: PostgreSQL only) and closes it. Returns the access token for
 * `POST /unfurl` and one refresh token per chain.
 */
export async function seedUnfurlkit(databaseUrl, { schema, clientId, chains }) {
  const store = await openStore(databaseUrl, schema === undefined ? {} : { schema });
  try {
    const now = Date.now();
    const connection = await store.connections.upsert(
      {
        accountId: 'bench-account',
        accountName: 'Bench Person',
        botId: 'bench-bot',
        workspaceId: 'bench-workspace',
        workspaceName: 'Bench',
        workspaceIcon: null,
        // Never opened: no request of the benchmark calls Notion.
        accessToken: { keyId: 'bench', sealed: 'unused' },
      },
      now,
    );
    const unfurlGrant = await grantFor(store, connection, clientId, now);
    const accessToken = newToken('ufk_at_');
    await store.grants.saveAccessToken({
      tokenHash: sha256Hex(accessToken),
      grantId: unfurlGrant.id,
      createdAt: now,
      expiresAt: now + DAY_MS,
      revokedAt: null,
    });
    const refreshTokens = [];
    for (let chain = 0; chain < chains; chain += 1) {
      const grant = await grantFor(store, connection, clientId, now);
      const refreshToken = newToken('ufk_rt_');
      await store.grants.saveRefreshToken({
        tokenHash: sha256Hex(refreshToken),
        grantId: grant.id,
        createdAt: now,
        expiresAt: now + 30 * DAY_MS,
        usedAt: null,
        revokedAt: null,
      });
      refreshTokens.push(refreshToken);
    }
    return { accessToken, refreshTokens };
  } finally {
    await store.close();
  }
}
