import { isKnownNotionVersion, validateUnfurlObject } from '@unfurlkit/core';
import { type Check, type CheckOutcome, fail, PrerequisiteError, pass } from '../harness/check.js';
import { type InboundCall, parseJsonSafely } from '../harness/notion-side.js';
import type { ConformanceSession } from '../harness/session.js';
import { changeSampleAndWatch, requireChangeHook } from './change-hook.js';
import { validSample } from './unfurl-answers.js';

type UpdateCheck = Check<ConformanceSession>;

/** Runs --change-hook once after the first person unfurled the sample; the PATCH of it that arrives. */
function patchAfterChange(session: ConformanceSession): Promise<InboundCall> {
  return session.once('patch', async () => {
    const hook = await requireChangeHook(session);
    const patch = await changeSampleAndWatch(session, hook, session.timeoutMs);
    if (!patch)
      throw new PrerequisiteError(
        `no PATCH /v1/external/object for ${session.sampleUri} within ${session.timeoutMs} ms of the change`,
      );
    return patch;
  });
}

/** Refusals another check names: the version (LP-UPDATE-002) and the body (LP-UPDATE-003). */
const JUDGED_ELSEWHERE = new Set(['missing_version', 'invalid_request', 'validation_error', 'invalid_json']);

async function patchArrives(session: ConformanceSession): Promise<CheckOutcome> {
  const patch = await patchAfterChange(session);
  if (patch.status === 200) return pass("a PATCH with the person's Notion token arrived and was accepted");
  const code = (parseJsonSafely(patch.responseBody) as { code?: string } | undefined)?.code ?? '';
  if (JUDGED_ELSEWHERE.has(code))
    return pass(
      `a PATCH arrived with the person's Notion token (refused ${patch.status} ${code}: see LP-UPDATE-002/003)`,
    );
  return fail(`Notion answered the PATCH ${patch.status}: ${patch.responseBody.slice(0, 200)}`);
}

async function patchVersion(session: ConformanceSession): Promise<CheckOutcome> {
  const patch = await patchAfterChange(session);
  const version = String(patch.headers['notion-version'] ?? '');
  if (!version) return fail('the PATCH has no Notion-Version header');
  return isKnownNotionVersion(version)
    ? pass(`Notion-Version: ${version}`)
    : fail(`Notion-Version ${version} is not published`);
}

async function patchFullSet(session: ConformanceSession): Promise<CheckOutcome> {
  const patch = await patchAfterChange(session);
  const sample = await validSample(session);
  const validation = validateUnfurlObject(patch.body, { mode: 'receive', expectedUri: session.sampleUri });
  if (!validation.ok || !validation.attributes)
    return fail('the PATCH body is not a valid attribute set with a title');
  const ids = new Set(validation.attributes.map((attribute) => attribute.id));
  const missing = (sample.validation.attributes ?? []).map((a) => a.id).filter((id) => !ids.has(id));
  if (missing.length > 0)
    return fail(`the PATCH leaves out attributes of the unfurl answer: ${missing.join(', ')}`);
  return pass(`${validation.attributes.length} attributes, the whole set`);
}

const updateCheck = (
  id: string,
  title: string,
  rationale: string,
  run: (s: ConformanceSession) => Promise<CheckOutcome>,
): UpdateCheck => ({
  id,
  grade: 'MUST',
  area: 'update',
  title,
  rationale,
  reference: 'protocol § Pushing updates and disconnecting',
  run,
});

export const UPDATE_CHECKS: UpdateCheck[] = [
  updateCheck(
    'LP-UPDATE-001',
    "After a change (--change-hook), a PATCH /v1/external/object arrives with the person's Notion token",
    'Previews stay live only if the integration pushes changes.',
    patchArrives,
  ),
  updateCheck(
    'LP-UPDATE-002',
    'The PATCH carries a published Notion-Version',
    "Notion's API refuses requests without it.",
    patchVersion,
  ),
  updateCheck(
    'LP-UPDATE-003',
    'The PATCH carries the full, valid set (every attribute, also unchanged ones)',
    'The set replaces the previous one: a partial set loses attributes.',
    patchFullSet,
  ),
];
