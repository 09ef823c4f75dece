import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The server's default stdout (http/stdout-destination.ts) in real processes, its stdout a pipe read by this test:
 * every line arrives whole and in order, whether the process goes on, exits at once with `process.exit()` in the
 * turn that wrote them, or ends by itself.
 */

const LOGGER = fileURLToPath(new URL('../dist/http/logger.js', import.meta.url));

/** A module script: a logger as the server makes it, then `body`. */
const script = (body: string) => `
  import { createLogger } from ${JSON.stringify(LOGGER)};
  const logger = createLogger('info');
  ${body}`;

function run(body: string): { status: number | null; lines: Array<Record<string, unknown>> } {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script(body)], {
    encoding: 'utf8',
    timeout: 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(child.stderr).toBe('');
  return {
    status: child.status,
    lines: child.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line)),
  };
}

describe('the default stdout of the server’s logger', () => {
  it('writes every line of a turn, in order, then the next turns’', () => {
    const { status, lines } = run(`
      for (let i = 0; i < 500; i++) logger.info({ i }, 'first turn');
      setImmediate(() => { for (let i = 500; i < 1000; i++) logger.info({ i }, 'second turn'); });
      setTimeout(() => logger.info({ i: 1000 }, 'later'), 20);`);
    expect(status).toBe(0);
    expect(lines.map((line) => line.i)).toEqual(Array.from({ length: 1001 }, (_, i) => i));
  });

  it('loses nothing when the process exits in the turn that wrote the lines', () => {
    const { status, lines } = run(`
      setImmediate(() => {
        for (let i = 0; i < 300; i++) logger.info({ i }, 'before exit');
        logger.error('cannot go on');
        process.exit(3);
      });`);
    expect(status).toBe(3);
    expect(lines).toHaveLength(301);
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'cannot go on' });
  });

  it('loses nothing of a large burst written while earlier lines are still being written', () => {
    const { status, lines } = run(`
      const text = 'x'.repeat(2000);
      let turn = 0;
      const burst = () => {
        for (let i = 0; i < 100; i++) logger.info({ turn, i, text });
        if (++turn < 20) setImmediate(burst);
      };
      burst();`);
    expect(status).toBe(0);
    expect(lines).toHaveLength(2000);
    expect(lines.every((line) => line.text === 'x'.repeat(2000))).toBe(true);
    expect(lines.map((line) => `${line.turn}.${line.i}`)).toEqual(
      Array.from({ length: 2000 }, (_, n) => `${Math.floor(n / 100)}.${n % 100}`),
    );
  });

  it('writes a line of a process that keeps running without waiting for more', async () => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', script(`logger.info('ready'); setInterval(() => {}, 1000);`)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const first = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no line within 10 s')), 10_000);
        child.stdout.once('data', (chunk: Buffer) => {
          clearTimeout(timer);
          resolve(chunk.toString());
        });
      });
      expect(JSON.parse(first)).toMatchObject({ msg: 'ready' });
    } finally {
      child.kill();
    }
  });
});
