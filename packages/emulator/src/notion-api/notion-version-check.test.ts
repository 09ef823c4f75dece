import { NOTION_VERSIONS } from '@unfurlkit/core';
import { describe, expect, it } from 'vitest';
import { checkNotionVersion } from './notion-version-check.js';

describe('checkNotionVersion', () => {
  const lenient = { tokenExchange: false, strict: false };

  it('accepts every published version without a word, strict or not', () => {
    for (const version of NOTION_VERSIONS) {
      expect(checkNotionVersion(version, lenient)).toEqual({ ok: true });
      expect(checkNotionVersion(version, { tokenExchange: false, strict: true })).toEqual({ ok: true });
    }
  });

  it('answers a token exchange without the header, with a warning; strict refuses it', () => {
    const tolerated = checkNotionVersion(undefined, { tokenExchange: true, strict: false });
    expect(tolerated.ok && tolerated.warning).toMatch(/without a Notion-Version header/);
    expect(checkNotionVersion(undefined, { tokenExchange: true, strict: true })).toMatchObject({
      ok: false,
      code: 'missing_version',
    });
    expect(checkNotionVersion(' ', lenient)).toMatchObject({ ok: false, code: 'missing_version' });
  });

  it('answers a newer dated version as the newest, with a warning; strict refuses it', () => {
    const newer = checkNotionVersion('2099-01-01', lenient);
    expect(newer.ok && newer.warning).toMatch(/newer than the versions this emulator knows/);
    expect(checkNotionVersion('2099-01-01', { tokenExchange: false, strict: true })).toMatchObject({
      ok: false,
      code: 'validation_error',
    });
    expect(checkNotionVersion('2022-06-29', lenient)).toMatchObject({ ok: false, code: 'validation_error' });
  });
});
