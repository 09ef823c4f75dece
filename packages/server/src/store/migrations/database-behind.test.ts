import { isUnfurlkitError } from '@unfurlkit/core';
import { describe, expect, it } from 'vitest';
import { databaseBehind } from './database-behind.js';

describe('databaseBehind', () => {
  it('names every pending migration and the command that applies them', () => {
    const error = databaseBehind(
      ['0005-outbox-failing-since', '0006-notion-token-lifecycle'],
      'sqlite:/a.db',
    );
    expect(isUnfurlkitError(error, 'UNFURLKIT_CONFIG_INVALID')).toBe(true);
    expect(error.message).toContain(
      'sqlite:/a.db is behind: 2 migrations pending (0005-outbox-failing-since, 0006-notion-token-lifecycle)',
    );
    expect(error.message).toContain('Run "unfurlkit migrate"');
    expect(error.details).toEqual({
      database: 'sqlite:/a.db',
      pending: ['0005-outbox-failing-since', '0006-notion-token-lifecycle'],
    });
  });

  it('says "1 migration" for one', () => {
    expect(databaseBehind(['0006-notion-token-lifecycle'], 'x').message).toContain('1 migration pending (');
  });
});
