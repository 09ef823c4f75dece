import { describe, expect, it } from 'vitest';
import { maskSecret, maskSettings, unmaskSettingsInput } from './secret-mask.js';
import type { EmulatorSettings } from './settings-schema.js';

const current: EmulatorSettings = {
  name: 'Acme',
  notionClientId: 'notion-id',
  notionClientSecret: 'secret_0123456789abcdef',
  oauth: {
    authorizeUrl: 'http://127.0.0.1:3000/notion/authorize',
    tokenUrl: 'http://127.0.0.1:3000/notion/token',
    clientId: 'acme',
    clientSecret: 'acme-client-secret-value',
  },
  unfurl: { callbackUrl: 'http://127.0.0.1:3000/unfurl', domain: 'acme.com', rules: [] },
};

describe('maskSecret', () => {
  it('hides a secret, keeping the last four characters of a long one only', () => {
    expect(maskSecret('secret_0123456789abcdef')).toBe('••••••••cdef');
    expect(maskSecret('short-secret')).toBe('••••••••');
    expect(maskSecret('secret_0123456789abcdef')).not.toContain('0123');
  });
});

describe('maskSettings', () => {
  it('masks both client secrets and nothing else', () => {
    const masked = maskSettings(current);
    expect(masked.notionClientSecret).toBe('••••••••cdef');
    expect(masked.oauth.clientSecret).toBe('••••••••alue');
    expect(masked.oauth.clientId).toBe('acme');
    expect(JSON.stringify(masked)).not.toContain('0123456789');
    expect(current.oauth.clientSecret).toBe('acme-client-secret-value');
  });
});

describe('unmaskSettingsInput', () => {
  it('puts the secrets in force back where their masks were submitted', () => {
    expect(unmaskSettingsInput(maskSettings(current), current)).toEqual(current);
  });

  it('keeps a new secret, and input that is not settings, as it came', () => {
    const changed = { ...maskSettings(current), oauth: { ...current.oauth, clientSecret: 'a-new-secret' } };
    expect((unmaskSettingsInput(changed, current) as EmulatorSettings).oauth.clientSecret).toBe(
      'a-new-secret',
    );
    expect(unmaskSettingsInput('nope', current)).toBe('nope');
    expect(unmaskSettingsInput({ name: 'x' }, undefined)).toEqual({ name: 'x' });
  });
});
