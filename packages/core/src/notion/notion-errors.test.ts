import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NOTION_ERROR_CODES,
  NOTION_ERROR_STATUS,
  type NotionErrorCode,
  notionErrorBody,
  notionErrorBodySchema,
  parseNotionError,
} from './notion-errors.js';

/** SPEC §7.3, typed in from the text: every code with its status. */
const SPEC_CODES: Array<[NotionErrorCode, number]> = [
  ['invalid_json', 400],
  ['invalid_request_url', 400],
  ['invalid_request', 400],
  ['validation_error', 400],
  ['missing_version', 400],
  ['invalid_grant', 400],
  ['unauthorized', 401],
  ['invalid_client', 401],
  ['restricted_resource', 403],
  ['object_not_found', 404],
  ['conflict_error', 409],
  ['rate_limited', 429],
  ['internal_server_error', 500],
  ['bad_gateway', 502],
  ['service_unavailable', 503],
  ['gateway_timeout', 504],
  ['service_overload', 529],
  // /v1/oauth/token codes (RFC 6749 §5.2: 400).
  ['unauthorized_client', 400],
  ['unsupported_grant_type', 400],
  ['invalid_scope', 400],
];

describe('notionErrorBody', () => {
  it.each(SPEC_CODES)('gives %s the status %d', (code, status) => {
    expect(notionErrorBody(code, 'What went wrong.')).toEqual({
      object: 'error',
      status,
      code,
      message: 'What went wrong.',
    });
  });

  it('knows exactly the codes of SPEC §7.3', () => {
    expect([...NOTION_ERROR_CODES].sort()).toEqual(SPEC_CODES.map(([code]) => code).sort());
    expect(Object.keys(NOTION_ERROR_STATUS)).toEqual(NOTION_ERROR_CODES);
  });

  it('adds request_id and additional_data only when given', () => {
    const body = notionErrorBody('rate_limited', 'Slow down.', {
      requestId: '7f1c2a7e-4d5b-4e0f-9a4b-8f2d1c3b5a6e',
      additionalData: { retry_after: '2' },
    });
    expect(body).toEqual({
      object: 'error',
      status: 429,
      code: 'rate_limited',
      message: 'Slow down.',
      request_id: '7f1c2a7e-4d5b-4e0f-9a4b-8f2d1c3b5a6e',
      additional_data: { retry_after: '2' },
    });
    expect(Object.keys(notionErrorBody('unauthorized', 'x'))).toEqual([
      'object',
      'status',
      'code',
      'message',
    ]);
  });

  it('builds bodies its own schema accepts', () => {
    for (const [code] of SPEC_CODES) {
      expect(notionErrorBodySchema.safeParse(notionErrorBody(code, 'm', { requestId: 'r' })).success).toBe(
        true,
      );
    }
  });
});

describe('parseNotionError', () => {
  it("reads Notion's envelope", () => {
    expect(
      parseNotionError({
        object: 'error',
        status: 400,
        code: 'validation_error',
        message: 'body failed validation',
        request_id: 'abc',
      }),
    ).toEqual({ code: 'validation_error', message: 'body failed validation', requestId: 'abc' });
    const parsed = parseNotionError(notionErrorBody('object_not_found', 'Could not find object.'));
    expect(parsed).toEqual({ code: 'object_not_found', message: 'Could not find object.' });
    expect(parsed && 'requestId' in parsed).toBe(false);
  });

  it('reads an envelope with a code it does not know (the caller decides what to do with it)', () => {
    expect(
      parseNotionError({ object: 'error', status: 418, code: 'teapot', message: 'short and stout' }),
    ).toEqual({
      code: 'teapot',
      message: 'short and stout',
    });
  });

  it('reads the RFC 6749 form, with or without a description', () => {
    expect(parseNotionError({ error: 'invalid_grant', error_description: 'Code expired.' })).toEqual({
      code: 'invalid_grant',
      message: 'Code expired.',
    });
    expect(parseNotionError({ error: 'invalid_client' })).toEqual({
      code: 'invalid_client',
      message: 'invalid_client',
    });
  });

  it.each([
    undefined,
    null,
    'invalid_grant',
    404,
    [],
    {},
    { object: 'error', status: 400, code: 'validation_error' },
    { object: 'list', status: 400, code: 'validation_error', message: 'x' },
    { object: 'error', status: '400', code: 'validation_error', message: 'x' },
    { error: 42 },
    { error: { status: 404, message: 'Product not found' } },
    { error: 'invalid_grant', error_description: 7 },
    { message: 'Something failed' },
  ])('returns undefined for %j', (body) => {
    expect(parseNotionError(body)).toBeUndefined();
  });

  it('never throws (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (body) => {
        const parsed = parseNotionError(body);
        if (parsed !== undefined) {
          expect(typeof parsed.code).toBe('string');
          expect(typeof parsed.message).toBe('string');
        }
      }),
      { numRuns: 200 },
    );
  });
});
