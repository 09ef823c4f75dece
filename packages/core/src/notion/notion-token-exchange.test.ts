import { describe, expect, it } from 'vitest';
import { notionTokenRequestSchema, notionTokenResponseSchema } from './notion-token-exchange.js';
import {
  classifyNotionVersion,
  DEFAULT_NOTION_VERSION,
  isKnownNotionVersion,
  LATEST_NOTION_VERSION,
  NOTION_VERSIONS,
} from './notion-version.js';

describe('notionTokenRequestSchema (SPEC §2 step 4)', () => {
  it('accepts the authorization_code body with an external account', () => {
    const body = {
      grant_type: 'authorization_code',
      code: '614846ff-b061-4eac-a511-fc20c3f0838a',
      external_account: { key: 'user-42', name: 'alice@acme.com' },
    };
    expect(notionTokenRequestSchema.parse(body)).toEqual(body);
  });

  it('accepts a refresh_token body', () => {
    expect(
      notionTokenRequestSchema.safeParse({ grant_type: 'refresh_token', refresh_token: 'r' }).success,
    ).toBe(true);
  });

  it.each([
    { grant_type: 'client_credentials', code: 'c' },
    { grant_type: 'authorization_code' },
    { grant_type: 'authorization_code', code: '' },
    { grant_type: 'authorization_code', code: 'c', external_account: { key: '', name: 'n' } },
    { grant_type: 'authorization_code', code: 'c', external_account: { key: 'k' } },
    { grant_type: 'refresh_token' },
  ])('refuses %j', (body) => {
    expect(notionTokenRequestSchema.safeParse(body).success).toBe(false);
  });
});

describe('notionTokenResponseSchema', () => {
  const response = {
    access_token: 'secret_abc',
    token_type: 'bearer',
    bot_id: 'b1',
    workspace_id: 'w1',
    workspace_name: 'Acme',
    workspace_icon: null,
    owner: { type: 'user', user: { id: 'u1' } },
    duplicated_template_id: null,
  };

  it("accepts Notion's answer (SPEC §2 step 4)", () => {
    expect(notionTokenResponseSchema.safeParse(response).success).toBe(true);
  });

  it('refuses an answer without an access token', () => {
    expect(notionTokenResponseSchema.safeParse({ ...response, access_token: '' }).success).toBe(false);
    const { access_token: _, ...rest } = response;
    expect(notionTokenResponseSchema.safeParse(rest).success).toBe(false);
  });
});

describe('Notion-Version', () => {
  it('sends 2022-06-28 and knows the versions of SPEC §7.3', () => {
    expect(DEFAULT_NOTION_VERSION).toBe('2022-06-28');
    for (const version of ['2021-08-16', '2022-06-28', '2026-03-11'])
      expect(isKnownNotionVersion(version)).toBe(true);
    expect(NOTION_VERSIONS).toContain(DEFAULT_NOTION_VERSION);
  });

  it.each(['', '2022-06-29', '2022-6-28', 'latest', ' 2022-06-28'])('does not know %j', (version) => {
    expect(isKnownNotionVersion(version)).toBe(false);
  });

  it('knows every published version, oldest first, and tells newer dated ones from unknown ones', () => {
    for (const version of ['2021-05-11', '2021-05-13', '2021-08-16', '2022-02-22', '2025-09-03'])
      expect(classifyNotionVersion(version)).toBe('published');
    expect([...NOTION_VERSIONS].sort()).toEqual([...NOTION_VERSIONS]);
    expect(LATEST_NOTION_VERSION).toBe(NOTION_VERSIONS.at(-1));
    expect(classifyNotionVersion('2099-01-31')).toBe('newer');
    for (const version of ['2022-06-29', '2099-02-30', '2099-1-1', 'latest', ''])
      expect(classifyNotionVersion(version)).toBe('unknown');
  });
});
