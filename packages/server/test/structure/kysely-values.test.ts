import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The server takes Kysely's values from one module, store/kysely/kysely-runtime.ts: `sqlDialectOf` tells dialects
 * apart with `instanceof` on their adapters, so every value must come from the same copy of Kysely (a second
 * import path, or a build of another format, would give another). Elsewhere only `import type` may name 'kysely'
 * (with verbatimModuleSyntax, `import { type A }` still loads the module, for its side effects).
 */

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
/** Every import from 'kysely'; group 1 is `type ` when the whole statement is type-only. */
const FROM_KYSELY = /^import\s+(type\s+)?[^;]*?\bfrom\s+'kysely'/gm;

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe("imports from 'kysely' in packages/server/src", () => {
  const imports = sources(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(FROM_KYSELY)].map((match) => ({
      file: relative(SRC, file),
      typeOnly: match[1] !== undefined,
    })),
  );

  it('reads the sources (a wrong folder would pass vacuously)', () => {
    expect(imports.some((found) => found.file === 'store/kysely-store.ts')).toBe(true);
  });

  it('are type-only: values come from store/kysely/kysely-runtime.ts', () => {
    expect(imports.filter((found) => !found.typeOnly).map((found) => found.file)).toEqual([
      'store/kysely/kysely-runtime.ts',
    ]);
  });
});
