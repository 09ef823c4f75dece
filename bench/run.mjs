// `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same run.
import { runFanout } from './fanout.mjs';
import { runSqliteSynchronous } from './sqlite-synchronous.mjs';

await runFanout();
await runSqliteSynchronous();
