// Fan-out of pushed updates: one uri held by N connections (default 10,000), every one re-resolved and PATCHed
// to the emulator. Prints deliveries per second of the pipeline against two references measured in this run:
// the emulator's raw PATCH capacity (autocannon, same concurrency) and the configured per-integration rate.
// The emulator runs in a process of its own (servers/emulator-process.mjs), as Notion runs on other machines:
// the pipeline (the integration server, in this process) and the baseline's autocannon (also in this process)
// each face it from the other core. Not part of `npm test`; run with `npm run bench` (which builds first).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { createServer } from 'unfurlkit';
import { createAcmeIntegration } from '../examples/acme/dist/integration.js';
import { notionTokenAad } from '../packages/server/dist/crypto/notion-token-aad.js';
import { SecretBox } from '../packages/server/dist/crypto/secret-box.js';
import { treeCpuSeconds } from './process/proc-stats.mjs';
import { summarize } from './report/stats.mjs';

const COUNT = Number(process.env.BENCH_FANOUT_CONNECTIONS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_FANOUT_CONCURRENCY ?? 16);
const RATE_PER_MINUTE = Number(process.env.BENCH_RATE_PER_MINUTE ?? 12_000);
const URI = 'https://acme.com/items/23487';
const DEADLINE_MS = 15 * 60 * 1000;
/**
 * Unmeasured runs first (default 1): the baseline and the unpaced pipeline each once, so that neither the emulator
 * nor the server is measured while V8 is still compiling it (a cold first run of 3,000 requests measured about half
 * the warm rate). `0` measures cold, as the runs before this knob did.
 */
const WARMUP_RUNS = Number(process.env.BENCH_FANOUT_WARMUP ?? 1);
/**
 * Measured rounds (default 3), each the raw PATCH baseline, the unpaced pipeline and the pipeline's own requests,
 * in that order; the table gives each figure's median over the rounds and its spread, and each ratio is taken
 * within a round.
 */
const ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 3);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1)
  throw new Error(
    `BENCH_FANOUT_ROUNDS must be a whole number of at least 1, not ${process.env.BENCH_FANOUT_ROUNDS}`,
  );
/** When set, a file: the V8 CPU profile of the unpaced pipeline run alone (the emulator's share included). */
const PROFILE = process.env.BENCH_FANOUT_PROFILE?.trim() || undefined;
/** When set, a folder: the emulator's process writes its V8 CPU profile there when it exits (every run). */
const EMULATOR_PROFILE = process.env.BENCH_FANOUT_EMULATOR_PROFILE?.trim() || undefined;

/** CPU time of this whole process (every thread) since `from`, in microseconds. */
const cpuSince = (from) => {
  const used = process.cpuUsage(from);
  return used.user + used.system;
};

/**
 * The emulator's process, forked and seeded: `url`, `seeded` (every connection, its Notion token included),
 * `cpuSeconds()` (its CPU so far, from /proc), `lastPatch()` (the body of the last PATCH it accepted), `close()`.
 */
async function startEmulatorProcess() {
  const child = fork(new URL('./servers/emulator-process.mjs', import.meta.url), [], {
    execArgv: EMULATOR_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${EMULATOR_PROFILE}`] : [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const ask = async (message, answer) => {
    const reply = once(child, 'message');
    child.send(message);
    const [received] = await reply;
    if (received.type === 'error') throw new Error(`emulator process: ${received.message}`);
    if (received.type !== answer)
      throw new Error(`emulator process: expected ${answer}, got ${received.type}`);
    return received;
  };
  const exited = once(child, 'exit');
  const { url, seeded } = await ask({ type: 'start', count: COUNT, uri: URI }, 'started');
  return {
    url,
    seeded,
    cpuSeconds: () => treeCpuSeconds(child.pid),
    lastPatch: async () => (await ask({ type: 'last-patch' }, 'last-patch')).body,
    close: async () => {
      if (child.exitCode !== null) return;
      child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** CPU µs per operation of this process and of the emulator's, over `run()`, which returns its operation count. */
async function withCpu(emulator, run) {
  const cpu = process.cpuUsage();
  const emulatorCpu = emulator.cpuSeconds();
  const result = await run();
  const count = result.count;
  return {
    ...result,
    cpuPerOpUs: cpuSince(cpu) / count,
    emulatorCpuPerOpUs: ((emulator.cpuSeconds() - emulatorCpu) * 1e6) / count,
  };
}

/**
 * autocannon with `amount`, and the time to its last answer: autocannon notices that `amount` is reached on its
 * once-a-second tick, so its own duration (and the rate over it) is rounded up to whole seconds, which for a
 * few thousand requests is up to half the rate.
 */
function runAutocannon(options) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let last = started;
    const instance = autocannon(options, (error, result) => {
      if (error) reject(error);
      else resolve({ result, seconds: (last - started) / 1000 });
    });
    instance.on('response', () => {
      last = performance.now();
    });
  });
}

const AMOUNT = Math.min(COUNT, 20_000);

/** The emulator's raw capacity for a one-attribute PATCH with one token, at the pipeline's concurrency. */
async function baseline(emulator, body) {
  const { result, seconds } = await runAutocannon({
    url: `${emulator.url}/v1/external/object`,
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${emulator.seeded[0].notionToken}`,
      'notion-version': '2022-06-28',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
    connections: CONCURRENCY,
    amount: AMOUNT,
  });
  if (result.non2xx > 0) throw new Error(`baseline: ${result.non2xx} non-2xx answers`);
  return { average: result.requests.average, perSecond: AMOUNT / seconds, count: AMOUNT };
}

/**
 * The raw PATCH rate for the pipeline's own requests: the body it sent (the resolver's whole answer, not the
 * one-attribute body above) and each seeded connection's token in turn, at the same concurrency. The emulator's
 * work per PATCH grows with the body (validation, storage, its traffic log), so this is the ceiling the pipeline
 * is compared with request for request. Measured after the unpaced run.
 *
 * Sent with undici's Pool (`CONCURRENCY` requests in flight, each answer read before the next is sent), not with
 * autocannon: given a list of 10,000 different requests, autocannon spent about as much CPU per request as the
 * emulator answering it (about 740 µs), so it measured the client, not the emulator.
 */
async function sameRequestBaseline(emulator) {
  const sent = await emulator.lastPatch();
  if (!sent) throw new Error('same-request baseline: the pipeline sent no PATCH');
  const body = JSON.stringify(sent);
  const pool = new Pool(emulator.url, { connections: CONCURRENCY, pipelining: 1 });
  const headersOf = emulator.seeded.map((connection) => ({
    authorization: `Bearer ${connection.notionToken}`,
    'notion-version': '2022-06-28',
    'content-type': 'application/json',
  }));
  let next = 0;
  let refused = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < AMOUNT) {
      const headers = headersOf[next++ % headersOf.length];
      const { statusCode, body: answer } = await pool.request({
        method: 'PATCH',
        path: '/v1/external/object',
        headers,
        body,
      });
      await answer.dump();
      if (statusCode !== 200) refused++;
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - started) / 1000;
  if (refused > 0) throw new Error(`same-request baseline: ${refused} non-200 answers`);
  return { perSecond: AMOUNT / seconds, count: AMOUNT, bodyBytes: body.length };
}

/**
 * Counts the outbox rows the worker completes (delivered) or parks as failed, by wrapping the store's two methods
 * that settle a row; the worker calls them through this same object.
 */
function countSettled(outbox) {
  const settled = { completed: 0, failed: 0 };
  const complete = outbox.complete.bind(outbox);
  const fail = outbox.fail.bind(outbox);
  outbox.complete = async (...args) => {
    const done = await complete(...args);
    if (done) settled.completed += 1;
    return done;
  };
  outbox.fail = async (...args) => {
    await fail(...args);
    settled.failed += 1;
  };
  return settled;
}

/** One pipeline run: a fresh integration server holding every seeded connection, then one changed(). */
async function pipeline(emulator, extraConfig, profile) {
  const dir = await mkdtemp(join(tmpdir(), 'unfurlkit-bench-'));
  const integration = createAcmeIntegration();
  const server = await createServer({
    integration,
    logger: { destination: { write() {} } },
    config: {
      env: {},
      cwd: dir,
      overrides: {
        PORT: 0,
        DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
        NOTION_API_URL: emulator.url,
        NOTION_CLIENT_ID: 'bench',
        NOTION_CLIENT_SECRET: 'bench',
        OAUTH_CLIENT_ID: 'bench',
        OAUTH_CLIENT_SECRET: 'bench-secret-bench-secret-bench-secret',
        LOG_LEVEL: 'silent',
        UPDATES_CONCURRENCY: CONCURRENCY,
        UPDATES_COALESCE_MS: 0,
        UPDATES_POLL_MS: 20,
        ...extraConfig,
      },
    },
  });
  const box = new SecretBox(server.config.tokenEncryptionKeys);
  const now = Date.now();
  for (const connection of emulator.seeded) {
    const accountId = connection.externalKey;
    const stored = await server.store.connections.upsert(
      {
        accountId,
        accountName: accountId,
        botId: connection.botId,
        workspaceId: 'bench-workspace',
        workspaceName: 'Bench',
        workspaceIcon: null,
        accessToken: box.seal(connection.notionToken, notionTokenAad(accountId, connection.botId)),
      },
      now,
    );
    await server.store.previews.record({
      connectionId: stored.id,
      uri: URI,
      ruleName: 'item',
      accountId,
      createdAt: now,
      lastUnfurledAt: now,
    });
  }
  const settled = countSettled(server.store.outbox);
  const profiler = profile ? await startProfile() : undefined;
  const measured = await withCpu(emulator, async () => {
    const started = performance.now();
    const { queued } = await integration.changed(URI);
    // Done when every queued row was completed, as the worker reports it (counted in memory: a count(*) of the
    // outbox every 20 ms would cost this process, which runs the pipeline, a scan of up to 10,000 rows each time).
    while (settled.completed + settled.failed < queued) {
      if (performance.now() - started > DEADLINE_MS) throw new Error('pipeline did not drain in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    return { count: queued, seconds, perSecond: queued / seconds };
  });
  // Checked once, after the clock stopped: every row delivered, none parked as failed.
  const counts = await server.store.outbox.count();
  if (settled.failed > 0 || counts.failed > 0) throw new Error(`${counts.failed} deliveries failed`);
  if (counts.pending > 0) throw new Error(`${counts.pending} rows still pending after the pipeline settled`);
  if (profiler) await stopProfile(profiler, profile);
  await server.close();
  await rm(dir, { recursive: true, force: true });
  return measured;
}

async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session, file) {
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  await writeFile(file, JSON.stringify(profile));
  console.log(`CPU profile of the unpaced pipeline: ${file}`);
}

export async function runFanout() {
  const emulator = await startEmulatorProcess();
  try {
    const body = {
      uri: URI,
      operations: [
        {
          path: ['attributes'],
          set: [
            {
              id: 'title',
              name: 'Title',
              type: 'inline',
              inline: { title: { value: 'Fix login bug', section: 'title' } },
            },
          ],
        },
      ],
    };
    const unpacedConfig = { UPDATES_RATE_PER_INTEGRATION: 0, UPDATES_RATE_PER_CONNECTION: 0 };
    for (let run = 0; run < WARMUP_RUNS; run++) {
      await baseline(emulator, body);
      await pipeline(emulator, unpacedConfig);
    }
    // Interleaved rounds (baseline, pipeline, same requests; again): on a shared machine the speed moves from one
    // minute to the next, so each round's pipeline is compared with that round's baselines, and the report gives
    // the median of those ratios with their spread.
    const rounds = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const measured = await withCpu(emulator, () => baseline(emulator, body));
      // The baseline is the rate over the time to the last answer: autocannon's own average counts whole seconds,
      // so for a fixed number of requests it comes out as that number over a whole number of seconds (10,000 / 5
      // = 2,000/s, 10,000 / 6 = 1,667/s), which moved every ratio by up to a fifth.
      const raw = measured.perSecond;
      const unpaced = await pipeline(emulator, unpacedConfig, round === 1 ? PROFILE : undefined);
      const same = await withCpu(emulator, () => sameRequestBaseline(emulator));
      rounds.push({ measured, raw, unpaced, same });
      console.log(
        `  fan-out round ${round}: raw PATCH ${raw.toFixed(0)}/s, pipeline ${unpaced.perSecond.toFixed(0)}/s ` +
          `(${(unpaced.perSecond / raw).toFixed(2)} of it), the pipeline's requests ${same.perSecond.toFixed(0)}/s`,
      );
    }
    const paced = await pipeline(emulator, {
      UPDATES_RATE_PER_INTEGRATION: RATE_PER_MINUTE,
      UPDATES_RATE_PER_CONNECTION: 180,
      UPDATES_BURST: 10,
    });
    const configured = RATE_PER_MINUTE / 60;
    /** Median (min–max) over the rounds, `digits` after the point. */
    const spread = (figureOf, digits = 0) => {
      const { median, min, max } = summarize(rounds.map(figureOf));
      const text = (value) => value.toFixed(digits);
      return rounds.length === 1 ? text(median) : `${text(median)} (${text(min)}–${text(max)})`;
    };
    const cpu = (runOf) => ({
      'CPU µs/op, here': spread((round) => runOf(round).cpuPerOpUs),
      'CPU µs/op, emulator': spread((round) => runOf(round).emulatorCpuPerOpUs),
    });
    console.log(
      `\nfan-out: ${COUNT} connections holding one uri, concurrency ${CONCURRENCY}, emulator in its own process, ${WARMUP_RUNS} unmeasured run(s) first, ${ROUNDS} interleaved round(s) (median, min–max), Node ${process.version}`,
    );
    console.table([
      {
        run: 'baseline: raw PATCH to the emulator (autocannon)',
        'per second': spread((round) => round.measured.average),
        ratio: `${spread((round) => round.measured.average / round.raw, 2)} of baseline (autocannon's whole-second average)`,
        ...cpu((round) => round.measured),
      },
      {
        run: 'baseline: requests over the time to the last answer',
        'per second': spread((round) => round.raw),
        ratio: '1.00 (baseline)',
      },
      {
        run: `baseline: the pipeline's requests (${rounds[0].same.bodyBytes}-byte body, every token; undici)`,
        'per second': spread((round) => round.same.perSecond),
        ratio: `${spread((round) => round.same.perSecond / round.raw, 2)} of baseline`,
        ...cpu((round) => round.same),
      },
      {
        run: 'pipeline, no pacing',
        'per second': spread((round) => round.unpaced.perSecond),
        ratio: `${spread((round) => round.unpaced.perSecond / round.raw, 2)} of baseline, ${spread((round) => round.unpaced.perSecond / round.measured.average, 2)} of autocannon's average, ${spread((round) => round.unpaced.perSecond / round.same.perSecond, 2)} of the same requests`,
        seconds: spread((round) => round.unpaced.seconds, 1),
        ...cpu((round) => round.unpaced),
      },
      {
        run: `pipeline, paced at ${RATE_PER_MINUTE}/min`,
        'per second': paced.perSecond.toFixed(0),
        ratio: `${(paced.perSecond / configured).toFixed(2)} of configured ${configured.toFixed(0)}/s`,
        seconds: paced.seconds.toFixed(1),
      },
    ]);
    return { rounds, paced, configured };
  } finally {
    await emulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runFanout();
