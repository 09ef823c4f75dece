import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCode, waitForOutput } from '../../packages/server/test/support/cli-process.js';
import {
  connectAsAlice,
  control,
  DEV_BANNER,
  README_SAMPLE,
  README_SAMPLE_TITLE,
  readmeIntegration,
} from '../../packages/server/test/support/readme-example.js';
import { installPacked } from '../support/install-packed.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['core', 'server', 'emulator'] as const;

interface Manifest {
  name: string;
  license?: string;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  repository?: { url?: string };
  homepage?: string;
  keywords?: string[];
}
interface Packed {
  manifest: Manifest;
  tarball: string;
  files: Array<{ path: string; mode: number }>;
}

/**
 * The three published packages as npm packs them: what a user installs. Packed once (real tarballs in a
 * temporary folder), then looked into and installed into an empty project.
 */
describe('the published packages', () => {
  let dir: string;
  const packed = new Map<string, Packed>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-pack-'));
    await Promise.all(
      PACKAGES.map(async (name) => {
        const cwd = join(ROOT, 'packages', name);
        const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], {
          cwd,
          timeout: 60_000,
        });
        const [result] = JSON.parse(stdout) as Array<{ filename: string; files: Packed['files'] }>;
        const manifest = JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8')) as Manifest;
        packed.set(name, { manifest, tarball: join(dir, result!.filename), files: result!.files });
      }),
    );
  }, 90_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(PACKAGES)(
    '%s: dist and types, README, LICENSE, executable bins, and no tests or fixtures',
    (name) => {
      const { manifest, files } = packed.get(name)!;
      const paths = files.map((file) => file.path);
      expect(paths).toEqual(
        expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']),
      );
      for (const bin of Object.values(manifest.bin ?? {})) {
        const file = files.find((candidate) => candidate.path === bin.replace(/^\.\//, ''));
        expect(file, bin).toBeDefined();
        expect(file!.mode & 0o111, `${bin} is executable`).not.toBe(0);
      }
      const unwanted = paths.filter((path) =>
        /(^|\/)(test|tests|__tests__|fixtures?)\/|\.test\.[cm]?[jt]s$|\.browser\.test\.|tsbuildinfo$/.test(
          path,
        ),
      );
      expect(unwanted).toEqual([]);
      if (name === 'server')
        expect(paths).toEqual(
          expect.arrayContaining([
            'dist/testing/index.js',
            'dist/testing/index.d.ts',
            // What the exports and the bin load (scripts/bundle.mjs), and the ReDoS child it spawns from dist/.
            'bundle/index.js',
            'bundle/testing/index.js',
            'bundle/cli/main.js',
            'dist/rules/screen-patterns-child.js',
          ]),
        );
      expect(manifest.license).toBe('MIT');
      expect(manifest.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
      expect(manifest.homepage).toMatch(/^https:\/\//);
      expect(manifest.keywords?.length).toBeGreaterThan(0);
    },
  );

  it('installed into an empty folder, serves a .ts integration from there', async () => {
    const app = join(dir, 'app');
    await installPacked(app, [...packed.values()]);
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'app', private: true, type: 'module' }),
    );
    await writeFile(join(app, 'integration.ts'), INTEGRATION);
    const bin = join(app, 'node_modules', 'unfurlkit', 'bin', 'unfurlkit.js');
    const env = { PATH: process.env.PATH ?? '' };
    const serve = spawn(process.execPath, [bin, 'serve', '--config', 'integration.ts'], {
      cwd: app,
      env: { ...env, ...SERVE_ENV, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    serve.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
    });
    try {
      const url = await listeningUrl(serve, 25_000);
      // The installed copy finds recheck's native agent next to the installed recheck, as recheck would.
      expect(log).toMatch(/"screenedBy":"recheck-agent","remembered":0,"screened":1,/);
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      // The integration's own routes, served by the installed copy.
      expect(await (await fetch(`${url}/login`)).text()).toBe('sign in here');
    } finally {
      serve.kill('SIGTERM');
    }
    const emulator = join(app, 'node_modules', '@unfurlkit', 'emulator', 'bin', 'unfurlkit-emulator.js');
    const version = await run(process.execPath, [emulator, '--version'], { cwd: app, env, timeout: 30_000 });
    expect(version.stdout.trim()).toBe('0.1.0');
    // unfurlkit/testing from the installed copy, which finds the installed emulator; inside `exec`.
    await writeFile(join(app, 'testbed-check.mjs'), TESTBED_CHECK);
    const checked = await run(
      process.execPath,
      [emulator, 'exec', '--', process.execPath, 'testbed-check.mjs'],
      { cwd: app, env, timeout: 30_000 },
    );
    expect(JSON.parse(checked.stdout)).toMatchObject({ state: 'ready', title: 'Item 5', execUrl: true });
  });
  it("from an empty folder to the README example's preview through the installed `unfurlkit dev`", async () => {
    const started = performance.now();
    const app = await mkdtemp(join(dir, 'dev-'));
    await installPacked(app, [...packed.values()]);
    // The one file written by hand: the README's integration module, as is.
    await writeFile(join(app, 'integration.ts'), await readmeIntegration());
    expect((await readdir(app)).sort()).toEqual(['integration.ts', 'node_modules']);
    const dev = spawn(
      join(app, 'node_modules', '.bin', 'unfurlkit'),
      ['dev', '--config', 'integration.ts', '--port', '0', '--emulator-port', '0'],
      {
        cwd: app,
        env: { PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const emulatorUrl = (await waitForOutput(dev, DEV_BANNER, 25_000))[1]!;
      await connectAsAlice(emulatorUrl, README_SAMPLE);
      const { previews } = await control(emulatorUrl, '/api/refresh', { person: 'ada' });
      expect(JSON.stringify(previews)).toContain(README_SAMPLE_TITLE);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`empty folder to the first preview through the installed unfurlkit dev: ${seconds} s`);
    } finally {
      dev.kill('SIGTERM');
      await exitCode(dev, 10_000).catch(() => dev.kill('SIGKILL'));
    }
  }, 45_000);
});

const TESTBED_CHECK = `import { defineIntegration, title } from 'unfurlkit';
import { startTestbed } from 'unfurlkit/testing';

const integration = defineIntegration({
  name: 'Packed',
  developer: 'Packed Inc',
  rules: [{ name: 'item', pattern: '^https:\\\\/\\\\/packed\\\\.test\\\\/items\\\\/(?<id>\\\\d+)$',
    samples: ['https://packed.test/items/1'], resolve: ({ groups }) => [title('Item ' + groups.id)] }],
  authenticate: () => ({ signInUrl: '/login' }),
});
const bed = await startTestbed({ integration });
await bed.connect('ada', 'alice');
const preview = await bed.paste('https://packed.test/items/5', 'ada');
await bed.close();
const execUrl = (process.env.NOTION_API_URL ?? '').startsWith('http://127.0.0.1:');
console.log(JSON.stringify({ state: preview.state, title: preview.attributes?.[0]?.inline.title.value, error: preview.error, failure: preview.failure, execUrl }));
`;

const INTEGRATION = `import { defineIntegration, forbidden, title } from 'unfurlkit';

export default defineIntegration({
  name: 'Packed',
  rules: [
    {
      name: 'item',
      // The alternation keeps it outside core's linear-time proof: the installed copy screens it with recheck.
      pattern: '^https:\\\\/\\\\/packed\\\\.test\\\\/(?:items|things)\\\\/(?<id>\\\\d+)$',
      samples: ['https://packed.test/items/1'],
      resolve: ({ groups }) => (groups.id === '0' ? forbidden() : [title('Item ' + groups.id)]),
    },
  ],
  authenticate: (_request, { returnTo }) => ({ signInUrl: '/login?next=' + encodeURIComponent(returnTo) }),
  routes: (app) => {
    app.get('/login', async () => 'sign in here');
  },
});
`;

const SERVE_ENV = {
  PORT: '0',
  DATABASE_URL: 'sqlite::memory:',
  NOTION_CLIENT_ID: 'notion-client-id',
  NOTION_CLIENT_SECRET: 'notion-client-secret',
  OAUTH_CLIENT_ID: 'notion-link-previews',
  OAUTH_CLIENT_SECRET: 'our-client-secret-0123456789abcdef0123456789',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  LOG_LEVEL: 'warn',
};

function listeningUrl(child: ReturnType<typeof spawn>, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`not listening within ${ms} ms:\n${output}`)), ms);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}
