import { afterEach, describe, expect, it } from 'vitest';
import { trickleRequest } from '../../../test/support/trickle-request.js';
import { runEmulatorCli } from '../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../src/index.js';

/**
 * Slow clients: a connection trickling its body or headers is answered 408 and closed within the request
 * timeout (`requestTimeoutMs`, `--request-timeout`, `EMULATOR_REQUEST_TIMEOUT_MS`; 300 ms here). The trickle
 * gives up after 5 s, so an emulator that never cuts fails the test rather than hanging it.
 */
const PATCH_HEAD =
  'PATCH /v1/external/object HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
  'Notion-Version: 2022-06-28\r\nAuthorization: Bearer x\r\nContent-Length: 400\r\n\r\n{"uri":';

describe('request timeout', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('cuts a trickled body and trickled headers with 408 (startEmulator({ requestTimeoutMs }))', async () => {
    emulator = await startEmulator({ port: 0, logger: false, requestTimeoutMs: 300 });
    const body = await trickleRequest(emulator.url, PATCH_HEAD, ' ');
    expect(body).toMatchObject({ status: 408, closedByServer: true });
    expect(body.bytesSent).toBeLessThan(PATCH_HEAD.length + 400);
    const headers = await trickleRequest(emulator.url, 'GET /lab HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'x');
    expect(headers).toMatchObject({ status: 408, closedByServer: true });
    expect((await fetch(`${emulator.url}/api/faults`)).status).toBe(200);
  });

  it('takes the limit from EMULATOR_REQUEST_TIMEOUT_MS on the command line', async () => {
    let stop = () => {};
    let printed = '';
    const exited = runEmulatorCli(['--memory', '--port', '0', '--log-level', 'silent'], {
      env: { EMULATOR_REQUEST_TIMEOUT_MS: '300' },
      out: (text) => {
        printed += text;
      },
      err: () => {},
      stopSignal: new Promise<void>((resolve) => {
        stop = resolve;
      }),
    });
    await expect.poll(() => /running at (\S+)/.exec(printed)?.[1], { timeout: 10_000 }).toBeDefined();
    const url = /running at (\S+)/.exec(printed)![1]!;
    const cut = await trickleRequest(url, PATCH_HEAD, ' ');
    expect(cut).toMatchObject({ status: 408, closedByServer: true });
    stop();
    expect(await exited).toBe(0);
  });

  it('refuses a request timeout that is not a positive whole number', async () => {
    let errors = '';
    const code = await runEmulatorCli(['--memory', '--request-timeout', 'soon'], {
      err: (text) => {
        errors += text;
      },
    });
    expect(code).toBe(1);
    expect(errors).toMatch(/--request-timeout must be a positive whole number/);
  });
});
