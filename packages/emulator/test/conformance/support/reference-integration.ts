import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { EmulatorSettingsInput } from '../../../src/index.js';

type RefdocsProcess = ChildProcessByStdio<null, Readable, Readable>;

/** The Python reference integration (RefDocs), a standalone program written outside unfurlkit. */
export const REFERENCE_SCRIPT = fileURLToPath(
  new URL('../fixtures/reference_integration.py', import.meta.url),
);

export const REFERENCE_CREDENTIALS = {
  notionClientId: 'refdocs-notion-client-id',
  notionClientSecret: 'refdocs-notion-client-secret',
  clientId: 'refdocs-client',
  // Characters that RFC 6749 §2.3.1 form-urlencodes inside Basic credentials.
  clientSecret: 'refdocs secret+/:%',
} as const;

export interface ReferenceIntegration {
  url: string;
  settings: EmulatorSettingsInput;
  /** Everything the process wrote to stderr (its request log). */
  stderr(): string;
  close(): Promise<void>;
}

/** How long the process may take to print its `listening on` line (a loaded machine is slow). */
const START_TIMEOUT_MS = 10_000;

/**
 * Starts `python3 reference_integration.py` against a Notion API URL (the emulator's) on a free port, waits for
 * its one `listening on` line and reads the settings file it writes.
 */
export async function startReferenceIntegration(
  notionApiUrl: string,
  breaks: string[] = [],
): Promise<ReferenceIntegration> {
  const dir = await mkdtemp(join(tmpdir(), 'refdocs-'));
  const settingsFile = join(dir, 'settings.json');
  const args = [
    REFERENCE_SCRIPT,
    '--port',
    '0',
    '--notion-api-url',
    notionApiUrl,
    '--notion-client-id',
    REFERENCE_CREDENTIALS.notionClientId,
    '--notion-client-secret',
    REFERENCE_CREDENTIALS.notionClientSecret,
    '--client-id',
    REFERENCE_CREDENTIALS.clientId,
    '--client-secret',
    REFERENCE_CREDENTIALS.clientSecret,
    '--settings-out',
    settingsFile,
    ...breaks.flatMap((rule) => ['--break', rule]),
  ];
  const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  try {
    const url = await listeningUrl(child, () => stderr);
    const settings = JSON.parse(await readFile(settingsFile, 'utf8')) as EmulatorSettingsInput;
    return {
      url,
      settings,
      stderr: () => stderr,
      close: async () => {
        await stop(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop(child);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function listeningUrl(child: RefdocsProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      reject(new Error(`reference integration did not start within ${START_TIMEOUT_MS} ms: ${stderr()}`));
    }, START_TIMEOUT_MS);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match?.[1]) resolve(match[1]);
      else reject(new Error(`unexpected first line: ${line}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`reference integration exited (${code}): ${stderr()}`));
    });
  });
}

function stop(child: RefdocsProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
