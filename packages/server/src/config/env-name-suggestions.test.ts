import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance.js';
import { envNameSuggestions } from './env-name-suggestions.js';
import { envSchema } from './env-schema.js';

const KNOWN = Object.keys(envSchema.shape);

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['URL', 'URL', 0],
    ['ULR', 'URL', 1],
    ['PORT', 'PORTS', 1],
    ['PORT', 'HOST', 2],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('envNameSuggestions', () => {
  it('names the close known variable for a typo of ours', () => {
    expect(envNameSuggestions(['NOTION_API_ULR'], KNOWN)).toEqual([
      'NOTION_API_ULR is not a setting unfurlkit reads (it is ignored): did you mean NOTION_API_URL?',
    ]);
    expect(envNameSuggestions(['OAUTH_CLIENT_SECERT', 'OAUTH_REDIRECT_URI'], KNOWN)).toEqual([
      expect.stringMatching(/^OAUTH_CLIENT_SECERT .*did you mean OAUTH_CLIENT_SECRET\?$/),
      expect.stringMatching(/^OAUTH_REDIRECT_URI .*did you mean OAUTH_REDIRECT_URIS\?$/),
    ]);
  });

  it('stays silent for known names, other prefixes, and names of ours that are not close to any', () => {
    expect(
      envNameSuggestions(
        [
          'NOTION_API_URL',
          'PATH',
          'HOME',
          'NODE_OPTIONS',
          'NODE_ENV',
          'NOTION_TOKEN',
          'OAUTH_PROVIDER',
          'POST',
        ],
        KNOWN,
      ),
    ).toEqual([]);
  });
});
