// The knobs of `npm run bench`, read once from the environment. Every one is optional.

/** A positive number from the environment, or the default; anything else stops the run with the variable's name. */
function positive(name, fallback, { integer = false, allowZero = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  const ok =
    Number.isFinite(value) && (allowZero ? value >= 0 : value > 0) && (!integer || Number.isInteger(value));
  if (!ok)
    throw new Error(
      `${name} must be a ${integer ? 'whole ' : ''}number ${allowZero ? 'of 0 or more' : 'above 0'}, got "${raw}"`,
    );
  return value;
}

/** The configurations, in the order every round runs them. */
const CONFIGURATION_IDS = ['fastify', 'express', 'sqlite', 'postgres'];
const SUITES = [...CONFIGURATION_IDS, 'fanout', 'synchronous'];

function only() {
  const raw = process.env.BENCH_ONLY?.trim();
  if (!raw) return SUITES;
  const picked = raw.split(/[\s,]+/).filter(Boolean);
  const unknown = picked.filter((name) => !SUITES.includes(name));
  if (unknown.length > 0) {
    throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')}; choose from ${SUITES.join(', ')}`);
  }
  return SUITES.filter((name) => picked.includes(name));
}

export const settings = Object.freeze({
  /** Seconds of each measured load (closed loop, open loop, token refresh). */
  durationS: positive('BENCH_DURATION_S', 10),
  /** Seconds of closed-loop load before the measured runs of each server process (not measured). */
  warmupS: positive('BENCH_WARMUP_S', 3, { allowZero: true }),
  /** Interleaved rounds: fastify, express, sqlite, postgres, then again. */
  rounds: positive('BENCH_ROUNDS', 3, { integer: true }),
  /** Concurrent connections of the closed loop (autocannon) and the most sockets the open loop may use. */
  connections: positive('BENCH_CONNECTIONS', 50, { integer: true }),
  /** Requests per second of the open loop. */
  rate: positive('BENCH_RATE', 2_000),
  /** Independent refresh-token chains rotated in parallel against the token endpoint. */
  refreshChains: positive('BENCH_REFRESH_CHAINS', 8, { integer: true }),
  /** The PostgreSQL the `postgres` configuration uses; each server process gets its own schema, dropped after. */
  postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  /** unfurlkit's LOG_LEVEL during the run: its default, `info`, so the request log is part of the cost. */
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'info',
  /** unfurlkit's REQUEST_LOG during the run: its default, `all`, so every answer's request line is part of the cost. */
  requestLog: process.env.BENCH_REQUEST_LOG ?? 'all',
  /** When set, a folder: every server process writes a V8 CPU profile there (`node --cpu-prof`) when it stops. */
  cpuProfileDir: process.env.BENCH_CPU_PROF?.trim() || undefined,
  only: only(),
});
