import { describe, expect, it } from 'vitest';
import { isSecretName, REDACTED_LOG_PATHS, REDACTION_CENSOR, redactUrl } from './redaction.js';

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

  it("redacts the sealed sign-in link, also inside another URL such as a sign-in page's next=", () => {
    expect(redactUrl('/notion/authorize?resume=k1.SEALED')).toBe('/notion/authorize?resume=[REDACTED]');
    const login = `/login?next=${encodeURIComponent('/notion/authorize?resume=k1.SEALED')}&lang=en`;
    expect(redactUrl(login)).not.toContain('SEALED');
    expect(redactUrl(login)).toMatch(
      /^\/login\?next=%2Fnotion%2Fauthorize%3Fresume%3D%5BREDACTED%5D&lang=en$/,
    );
    expect(redactUrl('/login?next=%2Fhome%3Fpage%3D2')).toBe('/login?next=%2Fhome%3Fpage%3D2');
    const deep = `/a?u=${encodeURIComponent(`/b?v=${encodeURIComponent('/c?code=SECRET')}`)}`;
    expect(redactUrl(deep)).not.toContain('SECRET');
  });

  it('survives a malformed percent escape in a name', () => {
    expect(redactUrl('/x?%zz=1&code=SECRET')).toBe('/x?%zz=1&code=[REDACTED]');
  });
});

describe('isSecretName', () => {
  it('knows every secret name in any case, and only exact names', () => {
    for (const name of ['code', 'STATE', 'Access_Token', 'clientsecret', 'notionClientSecret', 'csrf']) {
      expect(isSecretName(name)).toBe(true);
    }
    for (const name of ['barcode', 'statement', 'grant_type', 'token_type', ''])
      expect(isSecretName(name)).toBe(false);
  });
});

describe('REDACTED_LOG_PATHS', () => {
  it('covers credential headers and each secret field at the top and one level down', () => {
    expect(REDACTED_LOG_PATHS).toContain('req.headers.authorization');
    expect(REDACTED_LOG_PATHS).toContain('res.headers["set-cookie"]');
    expect(REDACTED_LOG_PATHS).toContain('client_secret');
    expect(REDACTED_LOG_PATHS).toContain('*.refresh_token');
    expect(REDACTED_LOG_PATHS).toContain('*.code');
    expect(REDACTED_LOG_PATHS).not.toContain('code');
    expect(REDACTION_CENSOR).toBe('[REDACTED]');
  });
});
