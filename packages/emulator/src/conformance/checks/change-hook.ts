import { PrerequisiteError } from '../harness/check.js';
import type { InboundCall } from '../harness/notion-side.js';
import { runHook } from '../harness/run-hook.js';
import type { ConformanceSession } from '../harness/session.js';
import { waitFor } from '../harness/wait-for.js';
import { validSample } from './unfurl-answers.js';

/** The `--change-hook` command, once the first person has a valid preview of the sample; skips without one. */
export async function requireChangeHook(session: ConformanceSession): Promise<string> {
  const hook = session.options.changeHook;
  if (!hook) throw new PrerequisiteError('needs --change-hook "<command>"', 'skip');
  await validSample(session);
  return hook;
}

/**
 * Runs the change hook, then watches Notion's side for `windowMs`: the first `PATCH /v1/external/object` of the
 * sample that `matches`, or undefined. A hook that fails is a prerequisite problem, not the integration's fault.
 */
export async function changeSampleAndWatch(
  session: ConformanceSession,
  hook: string,
  windowMs: number,
  matches: (call: InboundCall) => boolean = () => true,
): Promise<InboundCall | undefined> {
  const since = Date.now();
  const problem = await runHook(
    '--change-hook',
    hook,
    { CONFORMANCE_URI: session.sampleUri },
    session.timeoutMs,
  );
  if (problem) throw new PrerequisiteError(problem);
  return waitFor(
    () =>
      session.notion.inbound.find(
        (call) =>
          call.at >= since &&
          call.method === 'PATCH' &&
          call.path === '/v1/external/object' &&
          (call.body as { uri?: unknown } | undefined)?.uri === session.sampleUri &&
          matches(call),
      ),
    windowMs,
  );
}
