import { formatIssues, validateUnfurlObject } from '@unfurlkit/core';
import type { ExternalObject } from '../store/external-object-store.js';
import { excerpt, type IntegrationAnswer } from './integration-client.js';

/** What an Unfurl Callback answer means for the object: a new state to draw, or a failure card. */
export type UnfurlOutcome =
  | { kind: 'unauthorized'; status: number }
  | Pick<ExternalObject, 'status' | 'attributes' | 'error' | 'warnings' | 'failure'>;

export interface InterpretOptions {
  /** The Unfurl Callback URL that was called, named by the card when it did not answer. */
  callbackUrl: string;
  /** `--strict`: what is otherwise drawn with a warning gives a failure card. */
  strict: boolean;
}

/**
 * Reads the integration's answer to `POST` on the Unfurl Callback (SPEC §3) as Notion would, tolerantly
 * (SPEC §7.5): missing `dev`/`type`, or an error operation sent with an HTTP 4xx status (Gumroad), render
 * with warnings; an answer that is not JSON, has no usable operation, a 5xx or no answer at all becomes a
 * failure card that says what was wrong. A 401 is reported separately so the caller can refresh the token.
 * With `strict`, every warning is a failure card instead.
 */
export function interpretUnfurlAnswer(
  uri: string,
  answer: IntegrationAnswer,
  options: InterpretOptions = { callbackUrl: 'the Unfurl Callback', strict: false },
): UnfurlOutcome {
  if (answer.kind === 'no-answer') {
    return failed(
      answer.reason === 'timeout'
        ? 'The Unfurl Callback timed out'
        : 'The Unfurl Callback could not be reached',
      `POST ${options.callbackUrl} (asking about ${uri}): ${answer.message}`,
    );
  }
  if (answer.status === 401) return { kind: 'unauthorized', status: 401 };
  const httpOk = answer.status >= 200 && answer.status < 300;
  if (answer.json === undefined) {
    return failed(
      httpOk
        ? 'The Unfurl Callback answered something that is not JSON'
        : `The Unfurl Callback answered HTTP ${answer.status}`,
      `${answer.contentType || 'no content type'}: ${excerpt(answer.text) || '(empty body)'}`,
      answer.status,
    );
  }

  const validation = validateUnfurlObject(answer.json, {
    mode: options.strict ? 'strict' : 'receive',
    expectedUri: uri,
  });
  const usable =
    (validation.attributes !== undefined || validation.error !== undefined) &&
    (validation.ok || !options.strict);
  if (!usable) {
    return failed(
      httpOk
        ? 'The Unfurl Callback answer breaks the protocol'
        : `The Unfurl Callback answered HTTP ${answer.status} without a usable error operation`,
      validation.errors.length > 0 ? formatIssues(validation.errors) : excerpt(answer.text),
      answer.status,
    );
  }

  const warnings = [...validation.warnings, ...validation.errors].map((issue) => formatIssues([issue]));
  if (!httpOk) {
    const why = `the answer came with HTTP ${answer.status}; the protocol sends error operations with HTTP 200 (the error is data)`;
    if (options.strict)
      return failed(`The Unfurl Callback answered HTTP ${answer.status}`, why, answer.status);
    warnings.unshift(why);
  }
  return {
    status: 'ready',
    attributes: validation.attributes ?? null,
    error: validation.error ?? null,
    warnings,
    failure: null,
  };
}

function failed(title: string, detail: string, httpStatus?: number): UnfurlOutcome {
  return {
    status: 'failed',
    attributes: null,
    error: null,
    warnings: [],
    failure: httpStatus === undefined ? { title, detail } : { title, detail, httpStatus },
  };
}
