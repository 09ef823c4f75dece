// `POST /unfurl` side by side: each configuration started as its own process, in interleaved rounds (a b c d,
// a b c d, …), each process measured for start-up, idle RSS, closed loop, open loop and, where there is a token
// endpoint, refresh rotations. Prints one table with ratios against the baselines of the same round.
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONFIGURATIONS, OAUTH_CLIENT } from './configurations.mjs';
import { closedLoop, warmUp } from './load/closed-loop.mjs';
import { request } from './load/http-request.mjs';
import { openLoop } from './load/open-loop.mjs';
import { refreshChains } from './load/refresh-chains.mjs';
import { treeRssBytes } from './process/proc-stats.mjs';
import { startServer } from './process/server-process.mjs';
import { renderTable } from './report/table.mjs';
import { ANSWER_BYTES, REQUEST_BODY } from './servers/answer.mjs';
import { settings } from './settings.mjs';

/** How long a freshly started server is left alone before its idle RSS is read. */
const SETTLE_MS = 1_000;

/** Refuses to measure a server that does not give the shared answer byte for byte. */
async function checkAnswer(configuration, target) {
  const answer = await request(target.url, target);
  if (answer.status !== 200 || answer.body !== ANSWER_BYTES) {
    throw new Error(
      `${configuration.label} answered ${answer.status} with ${answer.body.length} bytes that differ from the ` +
        `shared ${ANSWER_BYTES.length}-byte answer:\n${answer.body.slice(0, 500)}`,
    );
  }
}

async function measureServer(configuration, prepared, server) {
  const { durationS, connections } = settings;
  await sleep(SETTLE_MS);
  const idleRssBytes = treeRssBytes(server.pid);
  const headers = { 'content-type': 'application/json' };
  if (prepared.accessToken) headers.authorization = `Bearer ${prepared.accessToken}`;
  const target = { url: `${server.url}/unfurl`, method: 'POST', headers, body: REQUEST_BODY };
  await checkAnswer(configuration, target);

  await warmUp(target, { durationS: settings.warmupS, connections });
  const closed = await closedLoop(target, { pid: server.pid, durationS, connections });
  const open = await openLoop(target, { rate: settings.rate, durationS, connections });
  const refresh = prepared.refreshTokens
    ? await refreshChains(server.url, { ...OAUTH_CLIENT, refreshTokens: prepared.refreshTokens, durationS })
    : undefined;
  for (const failure of refresh?.failures ?? [])
    console.error(`  ${configuration.id}: a refresh chain stopped: ${failure}`);
  return {
    startupMs: server.startupMs,
    idleRssBytes,
    ...closed,
    openP50Ms: open.p50Ms,
    openP99Ms: open.p99Ms,
    openP999Ms: open.p999Ms,
    openFailures: open.failures,
    rotationsPerS: refresh?.rotationsPerS,
    failures: closed.failures + (refresh?.failures.length ?? 0),
  };
}

/** `node --cpu-prof` flags when BENCH_CPU_PROF names a folder: one profile per process, named by configuration. */
function profileFlags(configuration, round) {
  const dir = settings.cpuProfileDir;
  if (!dir) return [];
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${resolve(dir)}`,
    `--cpu-prof-name=${configuration.id}-round${round + 1}.cpuprofile`,
  ];
}

/**
 * One process of one configuration: prepare its data, start it, measure it, stop it; then start it once more on
 * the same data (what a deploy or a crash restart costs: a database that exists), stop it, remove its data.
 */
async function measureOnce(configuration, round) {
  const prepared = await configuration.prepare();
  try {
    const args = [...profileFlags(configuration, round), ...prepared.args];
    const server = await startServer({ name: configuration.label, args, env: prepared.env });
    let measured;
    try {
      measured = await measureServer(configuration, prepared, server);
    } finally {
      await server.stop();
    }
    const again = await startServer({ name: configuration.label, args: prepared.args, env: prepared.env });
    await again.stop();
    return { ...measured, restartMs: again.startupMs };
  } finally {
    await prepared.cleanup();
  }
}

function describe(id, round, m) {
  const parts = [
    `${Math.round(m.reqPerS)} req/s`,
    `p99 ${m.p99Ms} ms`,
    `${m.cpuUsPerReq.toFixed(0)} µs CPU/req`,
    `open p99 ${m.openP99Ms.toFixed(1)} ms`,
    `start-up ${m.startupMs.toFixed(0)} ms (restart ${m.restartMs.toFixed(0)} ms)`,
    `idle ${(m.idleRssBytes / 2 ** 20).toFixed(0)} MB`,
  ];
  if (m.rotationsPerS !== undefined) parts.push(`${Math.round(m.rotationsPerS)} rotations/s`);
  return `  round ${round + 1} ${id}: ${parts.join(', ')}`;
}

/** Runs every selected configuration for `settings.rounds` interleaved rounds and prints the table. */
export async function runUnfurlBench() {
  const selected = CONFIGURATIONS.filter((configuration) => settings.only.includes(configuration.id));
  if (selected.length === 0) return undefined;
  const { durationS, warmupS, rounds, connections, rate } = settings;
  console.log(
    `\nPOST /unfurl: ${rounds} round(s) of ${selected.map((c) => c.id).join(', ')}; ${durationS} s per load ` +
      `after ${warmupS} s warm-up, ${connections} connections, open loop at ${rate} req/s, Node ${process.version}`,
  );
  const results = Object.fromEntries(selected.map((configuration) => [configuration.id, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const configuration of selected) {
      const measured = await measureOnce(configuration, round);
      results[configuration.id].push(measured);
      console.log(describe(configuration.id, round, measured));
    }
  }
  console.log(`\n${renderTable(results, selected, { rate })}\n`);
  return results;
}
