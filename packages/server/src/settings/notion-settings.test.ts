import { describe, expect, it } from 'vitest';
import { DEFAULT_PATHS } from '../config/config.js';
import type { RuleDefinition } from '../integration/define-integration.js';
import { deriveNotionSettings, isCompleteSettings, type NotionSettingsInput } from './notion-settings.js';
import { formatSettingsText } from './settings-text.js';
import { unfurlDomain } from './unfurl-domain.js';

const resolve: RuleDefinition['resolve'] = () => [];

const input: NotionSettingsInput = {
  integration: {
    name: 'Acme',
    rules: [
      {
        name: 'item',
        pattern: '^https:\\/\\/acme\\.com\\/items\\/(?<id>\\d+)$',
        samples: ['https://acme.com/items/1'],
        placeholder: [
          { id: 'title', name: 'Title', inline: { title: { value: '#$<id>', section: 'title' } } },
        ],
        resolve,
      },
      {
        name: 'doc',
        pattern: /^https:\/\/docs\.acme\.com\/(?<slug>[a-z]+)$/,
        samples: ['https://docs.acme.com/a'],
        resolve,
      },
    ],
  },
  publicUrl: 'https://previews.acme.example/',
  paths: DEFAULT_PATHS,
  oauth: { clientId: 'notion-link-previews', clientSecret: 'secret-0123456789', scopes: ['unfurl', 'read'] },
};

describe('deriveNotionSettings', () => {
  it('derives both dashboard sections from the integration, the public URL and the known values', () => {
    const derived = deriveNotionSettings(input);
    expect(derived).toEqual({
      settings: {
        name: 'Acme',
        oauth: {
          authorizeUrl: 'https://previews.acme.example/notion/authorize',
          tokenUrl: 'https://previews.acme.example/notion/token',
          clientId: 'notion-link-previews',
          clientSecret: 'secret-0123456789',
          scopes: 'unfurl read',
          deletedTokenCallbackUrl: 'https://previews.acme.example/notion/deletion',
        },
        unfurl: {
          callbackUrl: 'https://previews.acme.example/unfurl',
          domain: 'acme.com',
          rules: [
            {
              name: 'item',
              pattern: '^https:\\/\\/acme\\.com\\/items\\/(?<id>\\d+)$',
              samples: ['https://acme.com/items/1'],
              placeholder: input.integration.rules[0]!.placeholder,
            },
            // A RegExp is given as its source text, as the dashboard takes it.
            {
              name: 'doc',
              pattern: '^https:\\/\\/docs\\.acme\\.com\\/(?<slug>[a-z]+)$',
              samples: ['https://docs.acme.com/a'],
            },
          ],
        },
      },
      missing: [],
      warnings: [],
    });
    expect(isCompleteSettings(derived.settings)).toBe(true);
  });

  it('follows custom route paths', () => {
    const { settings } = deriveNotionSettings({
      ...input,
      paths: { authorize: '/a', token: '/t', unfurl: '/u', deletion: '/d' },
    });
    expect(settings.oauth.authorizeUrl).toBe('https://previews.acme.example/a');
    expect(settings.unfurl.callbackUrl).toBe('https://previews.acme.example/u');
  });

  it('leaves unknown credentials out and names their variables; no scopes, no scopes field', () => {
    const derived = deriveNotionSettings({ ...input, oauth: { scopes: [] } });
    expect(derived.missing).toEqual(['OAUTH_CLIENT_ID', 'OAUTH_CLIENT_SECRET']);
    expect(derived.settings.oauth).not.toHaveProperty('clientId');
    expect(derived.settings.oauth).not.toHaveProperty('clientSecret');
    expect(derived.settings.oauth).not.toHaveProperty('scopes');
    expect(isCompleteSettings(derived.settings)).toBe(false);
  });

  it("passes Notion's credentials on only when both are known", () => {
    const both = deriveNotionSettings({ ...input, notion: { clientId: 'n-id', clientSecret: 'n-secret' } });
    expect(both.settings).toMatchObject({ notionClientId: 'n-id', notionClientSecret: 'n-secret' });
    const half = deriveNotionSettings({ ...input, notion: { clientId: 'n-id' } });
    expect(half.settings).not.toHaveProperty('notionClientId');
  });

  it('warns when a RegExp has flags the dashboard cannot hold', () => {
    const derived = deriveNotionSettings({
      ...input,
      integration: {
        name: 'Acme',
        rules: [
          { name: 'i', pattern: /^https:\/\/acme\.com\/x$/i, samples: ['https://acme.com/x'], resolve },
        ],
      },
    });
    expect(derived.warnings).toEqual([
      'rule "i": the flags "i" of its RegExp cannot be entered in Notion\'s dashboard; the pattern is given without them',
    ]);
  });
});

describe('unfurlDomain', () => {
  it.each([
    [['https://acme.com/items/1', 'https://acme.com/items/2'], 'acme.com'],
    [['https://acme.com/items/1', 'https://app.acme.com/x'], 'acme.com'],
    [['https://a.acme.co.uk/1', 'https://b.acme.co.uk/2'], 'acme.co.uk'],
    [['http://localhost:3000/x'], 'localhost'],
    [['https://acme.com/1', 'https://other.org/2'], 'acme.com'],
    [['not a url', 'https://acme.com/1'], 'acme.com'],
    [[], ''],
  ])('%j → %s', (samples, domain) => {
    expect(unfurlDomain(samples)).toBe(domain);
  });
});

describe('formatSettingsText', () => {
  it("lists every value under the dashboard's labels, naming what is not set", () => {
    const text = formatSettingsText(
      deriveNotionSettings({ ...input, oauth: { clientId: 'cid', scopes: [] } }),
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('Notion settings for Acme');
    expect(lines).toContain('External Authorization Setup');
    expect(lines).toContain('  OAuth Authorize URL         https://previews.acme.example/notion/authorize');
    expect(lines).toContain('  OAuth Client ID             cid');
    expect(lines).toContain('  OAuth Client Secret         (not set: set OAUTH_CLIENT_SECRET)');
    expect(lines).toContain('  OAuth Scopes                (none)');
    expect(lines).toContain('Unfurling Domain & Patterns');
    expect(lines).toContain('  Unfurl Callback URL         https://previews.acme.example/unfurl');
    expect(lines).toContain('  URL matching rule "item"');
    expect(lines).toContain('    Sample URLs               https://acme.com/items/1');
    expect(text).toContain('Placeholder               [{"id":"title"');
  });
});
