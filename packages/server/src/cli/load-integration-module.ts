import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isUnfurlkitError, UnfurlkitError } from '@unfurlkit/core';
import { defineIntegration, type Integration, isIntegration } from '../integration/define-integration.js';
import { describeModuleLoadError } from './module-load-error.js';

/**
 * Loads the module `--config` names and returns its default export as an integration. TypeScript modules are
 * loaded through tsx, so `unfurlkit serve --config integration.ts` works without a build step.
 */
export async function loadIntegrationModule(path: string, cwd = process.cwd()): Promise<Integration> {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) {
    throw new UnfurlkitError(
      'UNFURLKIT_INTEGRATION_INVALID',
      `--config ${path}: no such file (looked at ${absolute})`,
    );
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = await importModule(absolute);
  } catch (error) {
    // An error of ours (defineIntegration refusing the object) already says what to fix.
    if (isUnfurlkitError(error)) throw error;
    throw new UnfurlkitError('UNFURLKIT_INTEGRATION_INVALID', describeModuleLoadError(error, absolute), {
      details: { located: true },
    });
  }
  // tsx may wrap a CommonJS-style default once more.
  let candidate = loaded.default;
  if (candidate && typeof candidate === 'object' && 'default' in candidate && !isIntegration(candidate)) {
    candidate = (candidate as { default: unknown }).default;
  }
  if (isIntegration(candidate)) return candidate;
  if (candidate && typeof candidate === 'object')
    return defineIntegration(candidate as Parameters<typeof defineIntegration>[0]);
  throw new UnfurlkitError(
    'UNFURLKIT_INTEGRATION_INVALID',
    `--config ${path} must default-export defineIntegration({...}); it exports ${Object.keys(loaded).join(', ') || 'nothing'}`,
  );
}

/** Imports the module: TypeScript through tsx, JavaScript natively. */
async function importModule(absolute: string): Promise<Record<string, unknown>> {
  if (/\.(c|m)?tsx?$/.test(absolute)) {
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as Record<string, unknown>;
  }
  return (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
}
