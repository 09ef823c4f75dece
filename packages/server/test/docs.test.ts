import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NOTION_ERROR_CODES, OAUTH_ERROR_STATUS, UNFURLKIT_ERROR_CODES } from '@unfurlkit/core';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../src/config/env-schema.js';

const read = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');
const tableKeys = (markdown: string) =>
  [...markdown.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]!);

describe('docs stay in sync with the code', () => {
  const envKeys = Object.keys(envSchema.shape);

  it('docs/configuration.md lists every environment variable, and only those', () => {
    expect(new Set(tableKeys(read('docs/configuration.md')))).toEqual(new Set(envKeys));
  });

  it("the README's configuration table names only real variables", () => {
    const keys = tableKeys(read('README.md'));
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) expect(envKeys).toContain(key);
  });

  it('docs/errors.md lists every unfurlkit, OAuth and Notion error code, and no unknown UNFURLKIT_ code', () => {
    const errors = read('docs/errors.md');
    for (const code of Object.keys(UNFURLKIT_ERROR_CODES)) expect(errors).toContain(`\`${code}\``);
    for (const code of Object.keys(OAUTH_ERROR_STATUS)) expect(errors).toContain(`\`${code}\``);
    for (const code of NOTION_ERROR_CODES) expect(errors).toContain(`\`${code}\``);
    for (const [code] of errors.matchAll(/UNFURLKIT_[A-Z_]+/g))
      expect(Object.keys(UNFURLKIT_ERROR_CODES)).toContain(code);
  });

  it('the README shows the two commands', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
