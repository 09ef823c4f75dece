import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isUnfurlkitError, UnfurlkitError } from '@unfurlkit/core';
import { defineIntegration, type Integration, isIntegration } from '../integration/define-integration.js';
import { describeModuleLoadError } from './module-load-error.js';

/**
 * Loads the module `--config` names and returns its default export as an integration. TypeScript modules are
 * loaded through tsx, so `unfurlkit serve --config integration.ts` works without a build step.
 */
export async function loadIntegrationModule(path: string, cwd = process.cwd()): Promise<Integration> {
  return (await loadModule(path, cwd, importModule)).integration;
}

/**
 * Loads the module afresh, with every file of its project it imports evaluated again (not the cached copies of
 * an earlier load), and lists those files: what `unfurlkit dev` reloads and watches. tsx evaluates an ES module
 * graph anew per call (each call has its own namespace); a CommonJS-style graph (no `"type": "module"`) goes
 * through require's cache, which is cleared of the project's files first.
 */
export async function loadIntegrationFresh(
  path: string,
  cwd = process.cwd(),
): Promise<{ integration: Integration; files: string[] }> {
  const absolute = resolve(cwd, path);
  const project = `${dirname(absolute)}${sep}`;
  const inProject = (file: string) => file.startsWith(project) && !file.includes(`${sep}node_modules${sep}`);
  const cache = createRequire(import.meta.url).cache;
  for (const key of Object.keys(cache)) if (inProject(key.split('?')[0]!)) delete cache[key];
  const files = new Set<string>([absolute]);
  const { integration } = await loadModule(path, cwd, async (file) => {
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(pathToFileURL(file).href, {
      parentURL: import.meta.url,
      onImport: (url) => {
        if (url.startsWith('file:')) files.add(fileURLToPath(url.split('?')[0]!));
      },
    })) as Record<string, unknown>;
  });
  for (const key of Object.keys(cache)) files.add(key.split('?')[0]!);
  return { integration, files: [...files].filter(inProject) };
}

async function loadModule(
  path: string,
  cwd: string,
  load: (absolute: string) => Promise<Record<string, unknown>>,
): Promise<{ integration: Integration }> {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) {
    throw new UnfurlkitError(
      'UNFURLKIT_INTEGRATION_INVALID',
      `--config ${path}: no such file (looked at ${absolute})`,
    );
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = await load(absolute);
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
  if (isIntegration(candidate)) return { integration: candidate };
  if (candidate && typeof candidate === 'object')
    return { integration: defineIntegration(candidate as Parameters<typeof defineIntegration>[0]) };
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
