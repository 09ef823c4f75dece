// Bundles what this package exports and what its CLI runs into bundle/, from tsc's build in dist/ (run after
// `tsc -b`). Why: Node loads ES modules one file at a time, and `unfurlkit serve` reached about 700 files (the
// server's own, core's, zod's, Kysely's, Fastify's): most of its start-up was the module loader. Bundled, the same
// code is a few dozen files. BENCHMARKS.md has the numbers.
//
// Left as packages of their own (external): native addons and what is loaded only on demand (better-sqlite3,
// pg, recheck's entry, the Notion SDK, undici, prom-client, tsx, the emulator), and pino, which finds its worker
// files next to its own modules.
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The package's entry points (package.json `exports` and the `bin`), by their path under dist/. */
const ENTRIES = ['index', 'testing/index', 'redos/index', 'cli/main'];

const EXTERNAL = [
  'better-sqlite3',
  'pg',
  '@notionhq/client',
  'undici',
  'prom-client',
  'tsx', // with its subpaths, as for every name here
  '@unfurlkit/emulator',
  'pino',
  // Fastify's JSON-schema compilers (Ajv): loaded from node_modules at a product's first route with a schema
  // (http/lazy-schema-compilers.ts), not parsed with the bundle at every start.
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
];

// Emptied first: chunk names carry a content hash, and an old chunk left behind would ship in the package.
await rm(join(PACKAGE, 'bundle'), { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: PACKAGE,
  entryPoints: ENTRIES.map((entry) => `dist/${entry}.js`),
  outbase: 'dist',
  outdir: 'bundle',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  plugins: [
    {
      // recheck by its entry only (its native agent sits beside it); its package.json, whose version keys the
      // remembered ReDoS verdicts, is inlined: an external JSON import would lose its `with { type: 'json' }`.
      name: 'recheck-entry-external',
      setup(builder) {
        builder.onResolve({ filter: /^recheck$/ }, () => ({ path: 'recheck', external: true }));
      },
    },
  ],
  // CommonJS dependencies (Fastify, Kysely's adapters, the OAuth library) call `require` for Node's modules.
  banner: {
    js: "import { createRequire as __unfurlkitCreateRequire } from 'node:module'; const require = __unfurlkitCreateRequire(import.meta.url);",
  },
  // Whitespace and syntax only: names stay, so stack traces still name unfurlkit's functions (and the source maps
  // give the lines of src/). Less text for V8 to parse at every start: a restart 505 → 440 ms, a first start
  // 596 → 564 ms (median of 12 alternating starts each, SQLite, BENCHMARKS.md).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
});
// Which source module went into which file: the tests that check what `serve` loads at start-up read it.
await writeFile(join(PACKAGE, 'bundle', 'meta.json'), JSON.stringify(metafile));
