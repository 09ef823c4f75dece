import { type UnfurlObjectValidation, validateUnfurlObject } from '@unfurlkit/core';
import { PrerequisiteError } from '../harness/check.js';
import { describeAnswer, type HttpAnswer } from '../harness/integration-http.js';
import type { ConformanceSession } from '../harness/session.js';

export interface UnfurlRun {
  uri: string;
  answer: HttpAnswer;
  validation: UnfurlObjectValidation;
}

/** Unfurls `uri` with a token and validates the answer as Notion receives it (protocol § Attributes). */
export async function unfurlAndValidate(
  session: ConformanceSession,
  token: string,
  uri: string,
): Promise<UnfurlRun> {
  const answer = await session.unfurl(token, uri);
  const validation = validateUnfurlObject(answer.json, { mode: 'receive', expectedUri: uri });
  return { uri, answer, validation };
}

/** The first person's unfurl of the first sample, once; remembered by Notion so that PATCHes of it land. */
export function sampleUnfurl(session: ConformanceSession): Promise<UnfurlRun> {
  return session.once('sample-unfurl', async () => {
    const primary = await session.primary();
    const run = await unfurlAndValidate(session, primary.tokens.accessToken, session.sampleUri);
    if (primary.connectionId && run.validation.attributes)
      await session.notion.rememberUnfurl(primary.connectionId, run.uri, run.validation.attributes);
    return run;
  });
}

/** The sample's answer, or a failed prerequisite when it is not a valid preview. */
export async function validSample(session: ConformanceSession): Promise<UnfurlRun> {
  const run = await sampleUnfurl(session);
  if (run.answer.status !== 200 || !run.validation.attributes)
    throw new PrerequisiteError(
      `the sample did not unfurl to a valid preview (LP-UNFURL-001): ${describeAnswer(run.answer)}`,
    );
  return run;
}

/** A link of the integration's domain that no rule matches. */
export function unmatchedUri(session: ConformanceSession): string {
  const sample = session.sampleUri;
  const origin = URL.canParse(sample) ? new URL(sample).origin : 'https://example.com';
  return `${origin}/conformance-no-rule-matches/${session.notion.context.random.token(6)}?x=1`;
}
