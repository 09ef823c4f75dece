import type { Connection } from '../store/connection-store.js';

/**
 * A connection as the control API shows it: never the tokens themselves, only whether they exist.
 *
 * @example
 * describeConnection(connection).hasIntegrationAccessToken; // true once the integration's token was stored
 */
export function describeConnection(connection: Connection) {
  const { integrationAccessToken, integrationRefreshToken, ...rest } = connection;
  return {
    ...rest,
    hasIntegrationAccessToken: integrationAccessToken !== null,
    hasIntegrationRefreshToken: integrationRefreshToken !== null,
  };
}
