import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { PG_TEST_URL } from '../postgres-test-schema.js';
import { BIN, exitCode, waitForOutput } from './cli-process.js';

/*
 * Several real `unfurlkit serve` processes on one PostgreSQL schema, and the product they resolve from: the
 * pieces of the scale-out tests.
 */

export const SCALEOUT_INTEGRATION = fileURLToPath(
  new URL('../fixtures/scaleout/integration.ts', import.meta.url),
);
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

/** The DATABASE_URL whose search_path puts every table in `schema`. */
export const schemaUrl = (schema: string): string =>
  `${PG_TEST_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;

export interface ServeInstance {
  name: string;
  url: string;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` and resolves with the exit code (rejects if it has not exited within `ms`). */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<number | null>;
  /** Resolves with the exit code once it exits by itself (rejects after `ms`). */
  exited(ms: number): Promise<number | null>;
}

/** Starts `unfurlkit serve` with exactly `env` (plus PATH and INSTANCE_ID=name) and waits until it listens. */
export async function startServeInstance(name: string, env: Record<string, string>): Promise<ServeInstance> {
  const child = spawn(process.execPath, [BIN, 'serve', '--config', SCALEOUT_INTEGRATION], {
    env: { PATH: process.env.PATH ?? '', INSTANCE_ID: name, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  try {
    const match = await waitForOutput(child, LISTENING, 45_000);
    return {
      name,
      url: match[1]!,
      child,
      output: () => printed,
      async stop(signal = 'SIGTERM', ms = 20_000) {
        if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
        child.kill(signal);
        return exitCode(child, ms);
      },
      exited: (ms) => exitCode(child, ms),
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

/** Stops every instance still running (SIGKILL if one does not stop within 20 s). */
export async function stopAll(instances: ReadonlyArray<ServeInstance | undefined>): Promise<void> {
  await Promise.all(
    instances.map(async (instance) => {
      if (!instance) return;
      await instance.stop().catch(() => instance.child.kill('SIGKILL'));
    }),
  );
}

/** One resolve request the product received. */
export interface ProductRequest {
  item: string;
  instance: string;
}

/**
 * The product: each item's revision, served at `/items/:id` as `{revision}`. `hold(item)` makes requests for
 * that item wait until the returned release is called (a delivery kept in flight).
 */
export interface Product {
  url: string;
  revisions: Map<string, number>;
  requests: ProductRequest[];
  hold(item: string): () => void;
  close(): Promise<void>;
}

export async function startProduct(): Promise<Product> {
  const revisions = new Map<string, number>();
  const requests: ProductRequest[] = [];
  const holds = new Map<string, Promise<void>>();
  const server: Server = createServer((request, response) => {
    const item = /^\/items\/(\d+)$/.exec(request.url ?? '')?.[1];
    if (!item) {
      response.writeHead(404).end();
      return;
    }
    requests.push({ item, instance: String(request.headers['x-instance'] ?? '') });
    void (holds.get(item) ?? Promise.resolve()).then(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ revision: revisions.get(item) ?? 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    revisions,
    requests,
    hold(item) {
      let release = () => {};
      holds.set(
        item,
        new Promise<void>((resolve) => {
          release = () => {
            holds.delete(item);
            resolve();
          };
        }),
      );
      return release;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
