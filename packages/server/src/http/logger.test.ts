import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.js';

describe('redactUrl', () => {
  it('replaces the values of secret query parameters and keeps the rest', () => {
    expect(
      redactUrl(
        '/notion/authorize?client_id=notion&code=0b7c-notion-code&state=s3cr3t&scope=unfurl&response_type=code',
      ),
    ).toBe(
      '/notion/authorize?client_id=notion&code=[REDACTED]&state=[REDACTED]&scope=unfurl&response_type=code',
    );
  });

  it.each(['code', 'state', 'access_token', 'refresh_token', 'client_secret', 'token', 'csrf', 'password'])(
    'redacts %s wherever it stands',
    (name) => {
      expect(redactUrl(`/x?${name}=xyzzy`)).toBe(`/x?${name}=[REDACTED]`);
      expect(redactUrl(`/x?a=1&${name}=xyzzy&b=2`)).toBe(`/x?a=1&${name}=[REDACTED]&b=2`);
      expect(redactUrl(`/x?${name.toUpperCase()}=xyzzy`)).toBe(`/x?${name.toUpperCase()}=[REDACTED]`);
    },
  );

  it('leaves parameters whose names only contain a secret name', () => {
    expect(redactUrl('/x?response_type=code&barcode=123&statement=ok')).toBe(
      '/x?response_type=code&barcode=123&statement=ok',
    );
  });

  it('leaves a URL without a query, and an empty value, as they are', () => {
    expect(redactUrl('/unfurl')).toBe('/unfurl');
    expect(redactUrl('/x?code=')).toBe('/x?code=[REDACTED]');
    expect(redactUrl('/x?code')).toBe('/x?code');
  });

  it('redacts a name written percent-encoded or with a value holding "#", as the query parser reads them', () => {
    expect(redactUrl('/x?co%64e=SECRET')).not.toContain('SECRET');
    expect(redactUrl('/x?%63lient_secret=SECRET&a=1')).toBe('/x?%63lient_secret=[REDACTED]&a=1');
    expect(redactUrl('/x?code=SEC#RET&a=1')).toBe('/x?code=[REDACTED]&a=1');
    expect(redactUrl('/x?a=1#&code=SECRET')).not.toContain('SECRET');
  });

  it('survives a malformed percent escape in a name', () => {
    expect(redactUrl('/x?%zz=1&code=SECRET')).toBe('/x?%zz=1&code=[REDACTED]');
  });
});

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
