import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/**
 * The bundle's files (as file URLs, the form support/record-loads.mjs records) that hold code of an input
 * matching `input` (a path as esbuild names it, from the package's folder: `dist/cli/serve-command.js`,
 * `../../node_modules/@node-oauth/oauth2-server/index.js`), read from the map scripts/bundle.mjs writes. Throws
 * if none does: a test that looks for code the bundle does not hold would pass whatever was loaded.
 */
export function bundleFilesHolding(input: RegExp): string[] {
  const meta = JSON.parse(readFileSync(join(PACKAGE, 'bundle', 'meta.json'), 'utf8')) as Metafile;
  const files = Object.entries(meta.outputs)
    .filter(
      ([output, { inputs }]) =>
        output.endsWith('.js') && Object.keys(inputs).some((path) => input.test(path)),
    )
    .map(([output]) => pathToFileURL(join(PACKAGE, output)).href);
  if (files.length === 0) throw new Error(`no file of the bundle holds ${input}`);
  return files;
}

/** Whether a recording of resolved modules (one URL per line) holds any of `files`. */
export function loadedAny(recording: string, files: readonly string[]): boolean {
  const lines = new Set(recording.split('\n'));
  return files.some((file) => lines.has(file));
}
