import { readFileSync } from 'node:fs';

/**
 * This package's version, read from its package.json (two folders up from both `src/cli` and `dist/cli`, so
 * the source and the build agree).
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
