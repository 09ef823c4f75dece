import { createRequire } from 'node:module';

const require = createRequire(new URL('../packages/server/package.json', import.meta.url));
const Database = require('better-sqlite3');
const probe = new Database(':memory:');
const Statement = Object.getPrototypeOf(probe.prepare('select 1'));
const stats = new Map();
for (const m of ['all', 'run', 'get', 'iterate']) {
  const orig = Statement[m];
  Statement[m] = function (...args) {
    const t = process.hrtime.bigint();
    try {
      return orig.apply(this, args);
    } finally {
      const k = `${m} ${this.source.slice(0, 140)}`;
      const s = stats.get(k) ?? { n: 0, ns: 0n };
      s.n++;
      s.ns += process.hrtime.bigint() - t;
      stats.set(k, s);
    }
  };
}
process.env.BENCH_FANOUT_WARMUP = '0';
const { runFanout } = await import('./fanout.mjs');
await runFanout();
for (const [k, s] of [...stats].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 15))
  console.log(
    (Number(s.ns) / 1e6).toFixed(0).padStart(7),
    'ms',
    String(s.n).padStart(7),
    (Number(s.ns) / 1e3 / s.n).toFixed(1).padStart(7),
    'µs',
    k,
  );
