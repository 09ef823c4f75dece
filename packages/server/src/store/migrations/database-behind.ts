import { UnfurlkitError } from '@unfurlkit/core';

/**
 * The error `serve --no-migrate` stops with on a database that is behind: it names the pending migrations and
 * the command that applies them.
 *
 * @example
 * databaseBehind(['0006-notion-token-lifecycle'], 'sqlite:/srv/data/unfurlkit.db').message
 * // 'the database at sqlite:/srv/data/unfurlkit.db is behind: 1 migration pending (0006-notion-token-lifecycle). Run "unfurlkit migrate" …'
 */
export function databaseBehind(pending: readonly string[], display: string): UnfurlkitError {
  const count = `${pending.length} migration${pending.length === 1 ? '' : 's'} pending`;
  return new UnfurlkitError(
    'UNFURLKIT_CONFIG_INVALID',
    `the database at ${display} is behind: ${count} (${pending.join(', ')}). Run "unfurlkit migrate" ` +
      '(with the same DATABASE_URL) to apply them, then start the server again; or start it without --no-migrate.',
    { details: { database: display, pending: [...pending] } },
  );
}
