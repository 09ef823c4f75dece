import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { emulatorSettingsSchema } from '../settings/settings-schema.js';
import type { AuthorizeHook, ConformanceOptions, ProductUser } from './harness/conformance-options.js';

/** A command line the checker cannot run with: the message says what to fix (exit 2). */
export class ConformanceUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceUsageError';
  }
}

export interface ConformanceOutputs {
  /** `--json` alone: JSON on stdout. */
  jsonToStdout: boolean;
  jsonFile?: string;
  junitFile?: string;
  help: boolean;
}

/** `--json [file]`: the file is the next argument when it is not an option. Pure. */
export function splitJsonFlag(argv: string[]): { argv: string[]; json?: { file?: string } } {
  const index = argv.indexOf('--json');
  if (index === -1) return { argv };
  const next = argv[index + 1];
  const hasFile = next !== undefined && !next.startsWith('-');
  const rest = [...argv.slice(0, index), ...argv.slice(index + (hasFile ? 2 : 1))];
  return { argv: rest, json: hasFile ? { file: next } : {} };
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      settings: { type: 'string' },
      user: { type: 'string', multiple: true },
      forbidden: { type: 'string' },
      missing: { type: 'string' },
      'change-hook': { type: 'string' },
      fuzz: { type: 'string' },
      junit: { type: 'string' },
      only: { type: 'string' },
      'fail-on': { type: 'string' },
      timeout: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'public-url': { type: 'string' },
      slow: { type: 'boolean' },
      'advance-clock': { type: 'string' },
      'authorize-hook': { type: 'string' },
      chromium: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}

function wholeNumber(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw new ConformanceUsageError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return number;
}

function parseUser(value: string): ProductUser {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new ConformanceUsageError(`--user takes name:password, got "${value}"`);
  return { name: value.slice(0, colon), password: value.slice(colon + 1) };
}

function absoluteUrl(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && !URL.canParse(value))
    throw new ConformanceUsageError(`${name} must be an absolute URL, got "${value}"`);
  return value;
}

/** The settings file: the emulator's format, one integration, with the Notion credentials the integration uses. */
export async function readConformanceSettings(file: string): Promise<ConformanceOptions['settings']> {
  const path = resolve(file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConformanceUsageError(`could not read the settings file ${path}: ${(error as Error).message}`);
  }
  const list = Array.isArray(raw) ? raw : (raw as { integrations?: unknown[] })?.integrations;
  if (list && list.length !== 1)
    throw new ConformanceUsageError(`${path} holds ${list.length} integrations: the checker takes one`);
  const parsed = emulatorSettingsSchema.safeParse(list ? list[0] : raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConformanceUsageError(`${path} is not valid emulator settings:\n  ${problems.join('\n  ')}`);
  }
  const { notionClientId, notionClientSecret } = parsed.data;
  if (!notionClientId || !notionClientSecret)
    throw new ConformanceUsageError(
      `${path} needs notionClientId and notionClientSecret: the values the integration has as NOTION_CLIENT_ID and NOTION_CLIENT_SECRET`,
    );
  return { ...parsed.data, notionClientId, notionClientSecret };
}

async function loadHook(file: string): Promise<AuthorizeHook> {
  const path = resolve(file);
  let module: { default?: unknown; authorize?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as typeof module;
  } catch (error) {
    throw new ConformanceUsageError(
      `--authorize-hook ${path} could not be loaded: ${(error as Error).message}`,
    );
  }
  const hook = typeof module.default === 'function' ? module.default : module.authorize;
  if (typeof hook !== 'function')
    throw new ConformanceUsageError(
      `--authorize-hook ${path} must export (default) async ({ page, authorizeUrl, user }) => void`,
    );
  return hook as AuthorizeHook;
}

/** Reads and checks the command line; throws ConformanceUsageError with what to fix. */
export async function conformanceOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ options?: ConformanceOptions; outputs: ConformanceOutputs }> {
  const split = splitJsonFlag(argv);
  let values: ReturnType<typeof parseFlags>;
  try {
    values = parseFlags(split.argv);
  } catch (error) {
    throw new ConformanceUsageError((error as Error).message);
  }
  const outputs: ConformanceOutputs = {
    help: values.help === true,
    jsonToStdout: split.json !== undefined && split.json.file === undefined,
    ...(split.json?.file ? { jsonFile: split.json.file } : {}),
    ...(values.junit ? { junitFile: values.junit } : {}),
  };
  if (outputs.help) return { outputs };
  if (!values.settings)
    throw new ConformanceUsageError(
      '--settings <file.json> is required: the integration as the emulator knows it',
    );
  if (!values.user?.length)
    throw new ConformanceUsageError(
      '--user <name:password> is required: a person of the product to sign in as',
    );
  const failOn = values['fail-on'] ?? 'must';
  if (failOn !== 'must' && failOn !== 'should')
    throw new ConformanceUsageError(`--fail-on must be must or should, got "${failOn}"`);
  const chromiumPath = values.chromium ?? env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath))
    throw new ConformanceUsageError(
      `no Chromium at ${chromiumPath}: install chromium, or pass --chromium <path>`,
    );
  const settings = await readConformanceSettings(values.settings);
  const forbidden = absoluteUrl('--forbidden', values.forbidden);
  const missing = absoluteUrl('--missing', values.missing);
  const publicUrl = absoluteUrl('--public-url', values['public-url']);
  const hook = values['authorize-hook'] ? await loadHook(values['authorize-hook']) : undefined;
  const options: ConformanceOptions = {
    settings,
    users: values.user.map(parseUser),
    fuzz: wholeNumber('--fuzz', values.fuzz, 2_000, 0, 1_000_000),
    failOn,
    timeoutMs: wholeNumber('--timeout', values.timeout, 15, 1, 3_600) * 1_000,
    port: wholeNumber('--port', values.port, 4000, 1, 65_535),
    slow: values.slow === true,
    chromiumPath,
    ...(values.only
      ? {
          only: values.only
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        }
      : {}),
    ...(forbidden ? { forbidden } : {}),
    ...(values.host ? { host: values.host } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    ...(missing ? { missing } : {}),
    ...(values['change-hook'] ? { changeHook: values['change-hook'] } : {}),
    ...(values['advance-clock'] ? { advanceClock: values['advance-clock'] } : {}),
    ...(hook ? { authorizeHook: hook } : {}),
  };
  return { options, outputs };
}
