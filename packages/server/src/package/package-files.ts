import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'unfurlkit';
let root: string | undefined;

/**
 * This package's folder, found by walking up to its package.json. Not a fixed `../..` from this module: the
 * module runs from `src/` (tests), `dist/` (tsc's build) and `bundle/chunks/` (what the package exports and the
 * CLI run, `scripts/bundle.mjs`), at different depths.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME
    ) {
      root = folder;
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder)
      throw new Error(
        `the ${PACKAGE_NAME} package.json was not found above ${fileURLToPath(import.meta.url)}`,
      );
    folder = parent;
  }
}

/** A file of this package, by its path from the package's folder (`dist/rules/screen-patterns-child.js`). */
export function packageFile(relativePath: string): string {
  return join(packageRoot(), relativePath);
}
