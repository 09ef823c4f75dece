import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('createLogger', () => {
  it('redacts credential headers and secret body fields', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info(
      {
        headers: { authorization: 'Bearer ufk_at_SECRET1', cookie: 'session=SECRET2' },
        form: { client_secret: 'SECRET3', code: 'SECRET4', grant_type: 'authorization_code' },
      },
      'request',
    );
    const output = lines.join('');
    for (const secret of ['SECRET1', 'SECRET2', 'SECRET3', 'SECRET4']) expect(output).not.toContain(secret);
    expect(output).toContain('authorization_code');
  });
});
