// `npm run bench` (builds first): the POST /unfurl comparison of four server processes, then the update
// fan-out against the raw PATCH baseline. BENCH_ONLY picks a subset (fastify, express, sqlite, postgres, fanout, synchronous);
// the other knobs are in settings.mjs and README.md.
import { runFanout } from './fanout.mjs';
import { installCleanup, runCleanups } from './process/cleanup.mjs';
import { settings } from './settings.mjs';
import { runSqliteSynchronous } from './sqlite-synchronous.mjs';
import { runUnfurlBench } from './unfurl-bench.mjs';

installCleanup();
try {
  await runUnfurlBench();
  if (settings.only.includes('fanout')) await runFanout();
  if (settings.only.includes('synchronous')) await runSqliteSynchronous();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await runCleanups();
}
