import { SettingsRejectedError } from '../settings/settings-service.js';
import { CHECKS } from './checks/check-registry.js';
import { type Check, type CheckOutcome, type CheckResult, PrerequisiteError } from './harness/check.js';
import type { ConformanceOptions } from './harness/conformance-options.js';
import { NotionSide } from './harness/notion-side.js';
import { ConformanceSession } from './harness/session.js';
import { type ConformanceReport, reportRows, summarize } from './report/conformance-report.js';

/** Setup failed before any check could run (the port is taken…): a usage or setup error, exit 2. */
export class ConformanceSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceSetupError';
  }
}

/** What to tell the person when Notion's side cannot start. */
function setupProblem(error: unknown, port: number): string {
  if (error instanceof SettingsRejectedError) return error.message;
  if ((error as { code?: unknown }).code === 'EADDRINUSE')
    return `port ${port} is already in use: pass --port with the port the integration's NOTION_API_URL points at, and free it`;
  return `Notion's API could not start on port ${port}: ${(error as Error).message}`;
}

/** The checks `--only` keeps (all without it). */
export function selectChecks<S>(checks: ReadonlyArray<Check<S>>, only?: string[]): Array<Check<S>> {
  if (!only) return [...checks];
  const wanted = new Set(only.map((id) => id.toUpperCase()));
  return checks.filter((check) => wanted.has(check.id));
}

/** Runs one check; an exception is that check's failure (or skip), never the end of the run. */
async function runOne(check: Check<ConformanceSession>, session: ConformanceSession): Promise<CheckResult> {
  const started = performance.now();
  let outcome: CheckOutcome;
  try {
    outcome = await check.run(session);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcome = { status: error instanceof PrerequisiteError ? error.status : 'fail', detail: message };
  }
  const { id, grade, area, title, rationale, reference } = check;
  return {
    id,
    grade,
    area,
    title,
    rationale,
    reference,
    status: outcome.status,
    detail: session.redact(outcome.detail),
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Plays Notion against the integration: Notion's API on `options.port`, a browser for the people, every
 * selected check in order. `onResult` hears of each result as it comes (progress on the terminal).
 */
export async function runConformance(
  options: ConformanceOptions,
  version: string,
  onResult: (result: CheckResult) => void = () => undefined,
): Promise<{ report: ConformanceReport; results: CheckResult[] }> {
  const startedAt = new Date().toISOString();
  let notion: NotionSide;
  try {
    notion = await NotionSide.start(options.settings, {
      port: options.port,
      ...(options.host ? { host: options.host } : {}),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    });
  } catch (error) {
    throw new ConformanceSetupError(setupProblem(error, options.port));
  }
  const session = new ConformanceSession(options, notion);
  const results: CheckResult[] = [];
  try {
    for (const check of selectChecks(CHECKS, options.only)) {
      const result = await runOne(check, session);
      results.push(result);
      onResult(result);
    }
  } finally {
    await session.close();
  }
  const { oauth, unfurl, name } = options.settings;
  return {
    results,
    report: {
      version,
      target: {
        name,
        authorizeUrl: oauth.authorizeUrl,
        tokenUrl: oauth.tokenUrl,
        unfurlUrl: unfurl.callbackUrl,
      },
      startedAt,
      checks: reportRows(results),
      summary: summarize(results),
    },
  };
}
