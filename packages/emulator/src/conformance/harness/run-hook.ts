import { exec } from 'node:child_process';

/**
 * Runs a hook's shell command (`--change-hook`, `--advance-clock`) with `env` added to the environment;
 * resolves with an error sentence naming the flag when it fails or outlives `timeoutMs`.
 */
export function runHook(
  flag: string,
  command: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    exec(
      command,
      { timeout: timeoutMs, env: { ...process.env, ...env }, maxBuffer: 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (!error) return resolve(undefined);
        const reason = error.killed ? `did not finish within ${timeoutMs} ms` : `exited with ${error.code}`;
        resolve(`${flag} ${reason}: ${stderr.trim().slice(0, 300)}`);
      },
    );
  });
}
