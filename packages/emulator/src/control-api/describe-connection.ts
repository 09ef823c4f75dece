import type { Connection } from '../store/connection-store.js';

/**
 * A connection as the control API shows it: never the tokens themselves, only whether they exist.
 *
 * @example
 * describeConnection(connection).hasIntegrationAccessToken; // true once the integration's token was stored
 */
export function describeConnection(connection: Connection, integrationName: string | null = null) {
  const { integrationAccessToken, integrationRefreshToken, ...rest } = connection;
  return {
    ...rest,
    /** The name of the integration it is to; null when that integration was removed from the settings. */
    integrationName,
    hasIntegrationAccessToken: integrationAccessToken !== null,
    hasIntegrationRefreshToken: integrationRefreshToken !== null,
  };
}
