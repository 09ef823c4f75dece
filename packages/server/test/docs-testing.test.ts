import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The code block of docs/testing.md that starts with `// <file>`: the doc's test, verbatim. */
async function docBlock(file: string): Promise<string> {
  const doc = await readFile(join(ROOT, 'docs/testing.md'), 'utf8');
  const block = [...doc.matchAll(/```js\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)
    .find((code) => code.startsWith(`// ${file}`));
  if (!block) throw new Error(`docs/testing.md has no js block starting with "// ${file}"`);
  return block;
}

describe('docs/testing.md', () => {
  let dir: string | undefined;
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('its first test is 15 lines and passes as written under node --test, against the Acme example', async () => {
    const test = await docBlock('test/integration.test.mjs');
    const codeLines = test.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('//'));
    expect(codeLines.length).toBeLessThanOrEqual(15);

    // A project folder: the packages as installed (node_modules), the Acme integration, the doc's test.
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-docs-testing-'));
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await mkdir(join(dir, 'src'));
    await mkdir(join(dir, 'test'));
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
    const acme = join(ROOT, 'examples/acme/dist/integration.js');
    await writeFile(
      join(dir, 'src/integration.js'),
      `import { createAcmeIntegration } from ${JSON.stringify(acme)};\nexport default createAcmeIntegration();\n`,
    );
    await writeFile(join(dir, 'test/integration.test.mjs'), test);

    const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--test', '--test-reporter=tap', 'test/integration.test.mjs'],
        { cwd: dir, timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '' } },
        (_error, stdout, stderr) => resolve({ code: child.exitCode, text: `${stdout}${stderr}` }),
      );
    });
    expect(output.text).toMatch(/# pass 1/);
    expect(output.text).toMatch(/# fail 0/);
    expect(output.code).toBe(0);
  });
});
