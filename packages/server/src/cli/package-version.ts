import { readFileSync } from 'node:fs';
import { packageFile } from '../package/package-files.js';

/** This package's version, read from its package.json. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
