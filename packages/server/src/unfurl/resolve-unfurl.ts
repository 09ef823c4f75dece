import {
  attributesAnswerJson,
  attributesOperation,
  type CompiledUrlRule,
  dev,
  errorOperation,
  formatIssues,
  matchUrlRules,
  type UnfurlObject,
  unfurlObject,
} from '@unfurlkit/core';
import type { FastifyBaseLogger } from 'fastify';
import type { Integration, RuleDefinition } from '../integration/define-integration.js';
import { isResolverError, type ResolveResult } from '../integration/resolver-result.js';
import type { Account } from '../store/store.js';
import { validateForSending } from './sent-attributes.js';
import { isValidUri } from './valid-uri.js';

/** The answer, plus which rule matched (for the preview registry). */
export interface ResolvedUnfurl {
  body: UnfurlObject;
  /** `body` as JSON text, the bytes to send (kept from validation for an answer seen before). */
  json: string;
  ruleName: string | undefined;
  outcome: 'attributes' | 'resolver-error' | 'no-rule' | 'bad-uri' | 'failed';
}

const GENERIC_FAILURE = 'Something went wrong while loading this preview';

/**
 * Turns one link into the Unfurl Callback's answer for one person (SPEC §3): the first rule whose pattern matches
 * runs its resolver under a time limit; attributes are checked in `send` mode (title and dev required) before
 * they leave (an answer already found valid is not checked again: `validateForSending`). Every failure is an
 * error operation, never an exception: a thrown resolver or a timeout becomes a
 * 500 with a generic message, the details going only to the log.
 */
export async function resolveUnfurl(options: {
  uri: string;
  account: Account;
  integration: Integration;
  rules: readonly CompiledUrlRule[];
  timeoutMs: number;
  logger: FastifyBaseLogger;
}): Promise<ResolvedUnfurl> {
  const { uri, logger } = options;
  const answer = (status: number, message: string, outcome: ResolvedUnfurl['outcome'], ruleName?: string) => {
    const body = unfurlObject(uri, [errorOperation(status, message)]);
    return { body, json: JSON.stringify(body), ruleName, outcome };
  };
  if (!isValidUri(uri)) return answer(400, 'This link is not a valid URL', 'bad-uri');
  const match = matchUrlRules(options.rules, uri);
  if (!match) return answer(400, `${options.integration.name} cannot preview this link`, 'no-rule');
  const ruleName = match.rule.name;
  const rule = options.integration.rules.find((candidate) => candidate.name === ruleName) as RuleDefinition;

  let result: ResolveResult;
  try {
    result = await withTimeout(options.timeoutMs, (abort) =>
      rule.resolve({
        uri,
        groups: match.groups,
        account: options.account,
        rule: ruleName,
        get signal() {
          return abort.signal;
        },
      }),
    );
  } catch (error) {
    const timedOut = error instanceof ResolverTimeout;
    logger.error(
      {
        code: timedOut ? 'UNFURLKIT_RESOLVER_TIMEOUT' : 'UNFURLKIT_RESOLVER_FAILED',
        rule: ruleName,
        ...(timedOut ? { timeoutMs: options.timeoutMs } : { err: error }),
      },
      timedOut ? 'resolver timed out' : 'resolver threw',
    );
    return answer(500, GENERIC_FAILURE, 'failed', ruleName);
  }
  if (isResolverError(result)) return answer(result.status, result.message, 'resolver-error', ruleName);

  let attributes: unknown = result;
  if (Array.isArray(result) && options.integration.developer && !result.some((a) => a?.id === 'dev')) {
    attributes = [...result, dev(options.integration.developer)];
  }
  const report = validateForSending(attributes);
  if (!report.ok) {
    logger.error(
      { code: 'UNFURLKIT_RESOLVER_RESULT_INVALID', rule: ruleName, issues: formatIssues(report.errors) },
      'resolver returned attributes Notion would refuse',
    );
    return answer(500, GENERIC_FAILURE, 'failed', ruleName);
  }
  return {
    body: unfurlObject(uri, [attributesOperation(report.attributes)]),
    json: attributesAnswerJson(uri, report.json),
    ruleName,
    outcome: 'attributes',
  };
}

class ResolverTimeout extends Error {}

/** The resolver's abort signal, made only if the resolver reads it (most return without ever looking). */
class LazyAbort {
  #controller: AbortController | undefined;

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    return this.#controller.signal;
  }

  abort(reason: Error): void {
    this.#controller?.abort(reason);
  }
}

/**
 * Runs the resolver under the time limit. One that answers synchronously (no promise) has answered: it needs
 * no timer, and none is set. A promise races a timer that aborts the signal and gives up at `ms`.
 */
async function withTimeout<T>(ms: number, run: (abort: LazyAbort) => T | Promise<T>): Promise<T> {
  const abort = new LazyAbort();
  const pending = run(abort);
  if (!isThenable(pending)) return pending;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Rejected first: a resolver that answers when aborted must not win the race it just lost.
      reject(new ResolverTimeout(`resolver exceeded ${ms} ms`));
      abort.abort(new ResolverTimeout(`resolver exceeded ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([pending, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
