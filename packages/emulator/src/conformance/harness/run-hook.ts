import { exec } from 'node:child_process';

/**
 * Runs the `--change-hook` shell command (with `CONFORMANCE_URI` set to the link whose data it should change);
 * resolves with an error sentence when it fails or outlives `timeoutMs`.
 */
export function runChangeHook(command: string, uri: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    exec(
      command,
      { timeout: timeoutMs, env: { ...process.env, CONFORMANCE_URI: uri }, maxBuffer: 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (!error) return resolve(undefined);
        const reason = error.killed ? `did not finish within ${timeoutMs} ms` : `exited with ${error.code}`;
        resolve(`--change-hook ${reason}: ${stderr.trim().slice(0, 300)}`);
      },
    );
  });
}
