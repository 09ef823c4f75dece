import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as core from '../index.js';
import * as http from './index.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('@unfurlkit/core/http', () => {
  it('exports the shared security helpers', () => {
    for (const name of [
      'escapeHtml',
      'isSecretName',
      'redactUrl',
      'safeEqual',
      'parseBasicAuth',
      'parseBearer',
      'checkStaticBearer',
      'TokenBuckets',
    ])
      expect(typeof (http as Record<string, unknown>)[name], name).toBe('function');
    expect(http.REDACTION_CENSOR).toBe('[REDACTED]');
  });

  it('is not re-exported from the main entry', () => {
    for (const name of Object.keys(http)) expect(Object.keys(core), name).not.toContain(name);
  });

  it('is the only part of core that imports node: modules (the main entry stays free of I/O)', () => {
    const outside = sourceFiles(SRC).filter(
      (path) => !path.startsWith(join(SRC, 'http')) && /from 'node:/.test(readFileSync(path, 'utf8')),
    );
    expect(outside).toEqual([]);
  });
});
