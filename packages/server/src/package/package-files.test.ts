import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageFile, packageRoot } from './package-files.js';

describe('packageRoot', () => {
  it("is the unfurlkit package's folder, from the sources as from dist/ and bundle/chunks/", () => {
    expect(packageRoot()).toBe(fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, ''));
    expect(JSON.parse(readFileSync(packageFile('package.json'), 'utf8')).name).toBe('unfurlkit');
    expect(existsSync(packageFile('bin/unfurlkit.js'))).toBe(true);
  });
});
