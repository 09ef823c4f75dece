import { describe, expect, it } from 'vitest';
import type { IntegrationAnswer } from './integration-client.js';
import { interpretUnfurlAnswer } from './interpret-unfurl-answer.js';

const uri = 'https://acme.com/items/1';
const answer = (status: number, json: unknown, text = JSON.stringify(json)): IntegrationAnswer => ({
  kind: 'answer',
  status,
  json,
  text,
  contentType: 'application/json',
});
const title = {
  id: 'title',
  name: 'Title',
  type: 'inline',
  inline: { title: { value: 'T', section: 'title' } },
};

describe('interpretUnfurlAnswer', () => {
  it('reads a valid answer, warning about a missing dev', () => {
    const outcome = interpretUnfurlAnswer(
      uri,
      answer(200, { uri, operations: [{ path: ['attributes'], set: [title] }] }),
    );
    expect(outcome).toMatchObject({ status: 'ready', error: null });
    expect('warnings' in outcome && outcome.warnings.join()).toMatch(/dev/);
  });

  it('keeps a usable part of a partly broken answer, with the errors as warnings', () => {
    const outcome = interpretUnfurlAnswer(
      uri,
      answer(200, {
        uri,
        operations: [
          { path: ['attributes'], set: [{ id: 'x' }] },
          { path: ['error'], set: { status: 404, message: 'gone' } },
        ],
      }),
    );
    expect(outcome).toMatchObject({ status: 'ready', error: { status: 404 } });
  });

  it('tells a 401 apart, and turns everything unusable into a failure', () => {
    expect(interpretUnfurlAnswer(uri, answer(401, undefined, ''))).toEqual({
      kind: 'unauthorized',
      status: 401,
    });
    expect(interpretUnfurlAnswer(uri, answer(502, undefined, 'Bad Gateway'))).toMatchObject({
      status: 'failed',
      failure: { httpStatus: 502 },
    });
    expect(interpretUnfurlAnswer(uri, answer(200, [1]))).toMatchObject({ status: 'failed' });
    expect(
      interpretUnfurlAnswer(uri, {
        kind: 'no-answer',
        reason: 'network',
        message: 'could not be reached: ECONNRESET',
      }),
    ).toMatchObject({
      status: 'failed',
      failure: { title: 'The Unfurl Callback could not be reached' },
    });
  });

  it('warns when the answer is about another uri', () => {
    const outcome = interpretUnfurlAnswer(
      uri,
      answer(200, { uri: 'https://acme.com/items/2', operations: [{ path: ['attributes'], set: [title] }] }),
    );
    expect('warnings' in outcome && outcome.warnings.join()).toMatch(/uri_mismatch|request was about/);
  });

  it('draws values past unfurlkit caps with warnings, and gives a failure card when strict', () => {
    const long = { ...title, inline: { title: { value: 'x'.repeat(2_001), section: 'title' } } };
    const message = answer(200, { uri, operations: [{ path: ['attributes'], set: [long] }] });
    const lenient = interpretUnfurlAnswer(uri, message);
    expect(lenient).toMatchObject({ status: 'ready' });
    expect('warnings' in lenient && lenient.warnings.join()).toMatch(/2001 characters/);
    const strict = interpretUnfurlAnswer(uri, message, {
      callbackUrl: 'https://i.test/unfurl',
      strict: true,
    });
    expect(strict).toMatchObject({
      status: 'failed',
      failure: { title: expect.stringMatching(/breaks the protocol/) },
    });
    expect('failure' in strict && strict.failure?.detail).toMatch(
      /error \$\.operations\[0\]\.set\[0\]\.inline\.title\.value: 2001 characters/,
    );
  });
});
