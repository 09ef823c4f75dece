import { type Check, type CheckOutcome, fail, pass, skip } from '../harness/check.js';
import { describeAnswer, type HttpAnswer } from '../harness/integration-http.js';
import type { ConformanceSession } from '../harness/session.js';
import { stackTraceIn } from './answers.js';
import { hostileRequest, seededRandom } from './hostile-requests.js';

type RobustnessCheck = Check<ConformanceSession>;

const CONCURRENCY = 4;

/** `--fuzz` hostile requests, four at a time, once; the answers (a request that got none counts as a failure). */
function fuzzed(session: ConformanceSession) {
  return session.once('fuzz', async () => {
    const connected = await session.connect(0);
    const random = seededRandom(6749);
    const deletionUrl = session.settings.oauth.deletedTokenCallbackUrl;
    const targets = {
      unfurlUrl: session.settings.unfurl.callbackUrl,
      tokenUrl: session.settings.oauth.tokenUrl,
      authorizeUrl: session.settings.oauth.authorizeUrl,
      ...(deletionUrl ? { deletionUrl } : {}),
      sampleUri: session.sampleUri,
      validToken: connected.tokens.accessToken,
      clientId: session.settings.oauth.clientId,
      bait: session.settings.oauth.clientSecret,
    };
    const requests = Array.from({ length: session.options.fuzz }, () => hostileRequest(targets, random));
    const answers: HttpAnswer[] = [];
    const failures: string[] = [];
    for (let start = 0; start < requests.length; start += CONCURRENCY) {
      const batch = requests.slice(start, start + CONCURRENCY);
      const settled = await Promise.allSettled(batch.map((request) => session.http(request)));
      for (const result of settled) {
        if (result.status === 'fulfilled') answers.push(result.value);
        else failures.push((result.reason as Error).message);
      }
    }
    return { answers, failures };
  });
}

async function malformedJson(session: ConformanceSession): Promise<CheckOutcome> {
  const primary = await session.primary();
  const answer = await session.unfurl(primary.tokens.accessToken, session.sampleUri, {
    body: '{"uri": "https://',
  });
  if (answer.status >= 400 && answer.status < 500) return pass(`HTTP ${answer.status}`);
  return fail(`malformed JSON: expected a 4xx, got ${describeAnswer(answer)}`);
}

async function fuzzNo5xx(session: ConformanceSession): Promise<CheckOutcome> {
  if (session.options.fuzz === 0) return skip('--fuzz 0');
  const { answers, failures } = await fuzzed(session);
  const errors = answers.filter((answer) => answer.status >= 500);
  if (errors.length > 0)
    return fail(
      `${errors.length} of ${answers.length} hostile requests got a 5xx, e.g. ${describeAnswer(errors[0] as HttpAnswer)}`,
    );
  if (failures.length > 0)
    return fail(`${failures.length} hostile requests got no answer, e.g. ${failures[0]}`);
  return pass(`${answers.length} hostile requests, no 5xx`);
}

async function noStackTraces(session: ConformanceSession): Promise<CheckOutcome> {
  if (session.options.fuzz > 0) await fuzzed(session).catch(() => undefined);
  for (const answer of session.answers) {
    const trace = stackTraceIn(answer.text);
    if (trace) return fail(`${answer.method} ${answer.url} → ${answer.status} shows a stack trace: ${trace}`);
  }
  return pass(`none in ${session.answers.length} answers`);
}

export const ROBUSTNESS_CHECKS: RobustnessCheck[] = [
  {
    id: 'LP-ROBUST-001',
    grade: 'MUST',
    area: 'robustness',
    title: 'Malformed JSON on the Unfurl Callback gets a 4xx, not a 5xx',
    rationale: "A client's mistake is a client error; a 5xx makes Notion retry and hides real outages.",
    reference: 'protocol § Unfurling; security § Resource endpoints',
    run: malformedJson,
  },
];

/** Late in the run: hostile requests may trip the integration's failure rate limits. */
export const FUZZ_CHECK: RobustnessCheck = {
  id: 'LP-ROBUST-002',
  grade: 'MUST',
  area: 'robustness',
  title: 'Hostile requests (--fuzz n) never get a 5xx',
  rationale: 'Every endpoint validates its input; crashes on input are denial-of-service doors.',
  reference: 'protocol § Unfurling; RFC 6749 §5.2; security § Resource endpoints',
  run: fuzzNo5xx,
};

/** Run after every other check: it looks at every answer collected. */
export const STACK_TRACE_CHECK: RobustnessCheck = {
  id: 'LP-ROBUST-003',
  grade: 'MUST',
  area: 'robustness',
  title: 'No answer shows a stack trace',
  rationale: 'Internals in answers help attackers and leak paths, versions and data.',
  reference: 'security § Data at rest and logs',
  run: noStackTraces,
};

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export const LATENCY_CHECK: RobustnessCheck = {
  id: 'LP-PERF-001',
  grade: 'INFO',
  area: 'performance',
  title: 'Unfurl callback latency (p50, p95 over the run)',
  rationale: 'Notion waits for the answer while the person looks at a placeholder.',
  reference: 'protocol § Unfurling',
  run: async (session) => {
    const sorted = [...session.latencies].sort((a, b) => a - b);
    if (sorted.length === 0) return skip('no successful unfurl was timed');
    return pass(
      `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms over ${sorted.length} unfurls`,
    );
  },
};
