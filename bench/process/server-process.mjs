// Starts one configuration as its own process on a free 127.0.0.1 port and measures its start-up: from spawn to
// the first 200 on /healthz.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { trackProcess } from './cleanup.mjs';

const STARTUP_LIMIT_MS = 60_000;
const POLL_MS = 5;

/** A port nobody listens on right now (the kernel picks it; the child binds it a moment later). */
export async function freePort() {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  await once(probe, 'close');
  return port;
}

function healthStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(`${url}/healthz`, { agent: false, timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

/**
 * Spawns `node <args>` with only the environment given (plus PATH and HOME), in its own process group so that
 * stopping it also stops anything it started. Resolves once /healthz answers 200.
 */
export async function startServer({ name, args, env }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port) },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  trackProcess(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = signal ?? `code ${code}`;
  });

  for (;;) {
    if (exited) throw new Error(`${name} exited during start-up (${exited}):\n${stderr}`);
    if (performance.now() - started > STARTUP_LIMIT_MS) {
      process.kill(-child.pid, 'SIGKILL');
      throw new Error(`${name} did not answer /healthz within ${STARTUP_LIMIT_MS} ms:\n${stderr}`);
    }
    if ((await healthStatus(url)) === 200) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const startupMs = performance.now() - started;

  return {
    name,
    pid: child.pid,
    url,
    startupMs,
    /** SIGTERM to the group, SIGKILL after 5 s. */
    async stop() {
      if (exited) return;
      const gone = once(child, 'exit');
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // exited in between
        }
      }, 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
