import { describe, expect, it } from 'vitest';
import { controlErrorFor, INVALID_JSON_ERROR_CODE, notionErrorFor } from './error-answers.js';

describe('notionErrorFor', () => {
  it('names a body that is not JSON, one over the limit, and other client errors as Notion does', () => {
    expect(notionErrorFor({ message: 'x', code: INVALID_JSON_ERROR_CODE, statusCode: 400 })).toEqual({
      code: 'invalid_json',
      message: 'Error parsing JSON body.',
      unexpected: false,
    });
    expect(notionErrorFor({ message: 'x', code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).toEqual({
      code: 'validation_error',
      message: 'The request body exceeds 500 KB.',
      unexpected: false,
    });
    expect(notionErrorFor({ message: 'Unsupported Media Type', statusCode: 415 })).toEqual({
      code: 'invalid_request',
      message: 'Unsupported Media Type',
      unexpected: false,
    });
  });

  it('hides our own failures behind internal_server_error and marks them for the log', () => {
    for (const error of [{ message: 'secret detail' }, { message: 'x', statusCode: 503 }]) {
      expect(notionErrorFor(error)).toEqual({
        code: 'internal_server_error',
        message: 'Unexpected error in the emulator.',
        unexpected: true,
      });
    }
  });
});

describe('controlErrorFor', () => {
  it("keeps a client error's status, code and message; a missing code is bad_request", () => {
    expect(
      controlErrorFor({ message: 'no', code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }),
    ).toEqual({
      status: 415,
      error: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      message: 'no',
      unexpected: false,
    });
    expect(controlErrorFor({ message: 'no', statusCode: 400 }).error).toBe('bad_request');
  });

  it('answers anything else with a 500 internal_error that says nothing of the cause', () => {
    expect(controlErrorFor({ message: 'secret detail' })).toEqual({
      status: 500,
      error: 'internal_error',
      message: 'Unexpected error in the emulator.',
      unexpected: true,
    });
  });
});
