import { APIErrorCode, APIResponseError, RequestTimeoutError } from '@notionhq/client';
import { describe, expect, it } from 'vitest';
import { classifyRefreshFailure } from './refresh-notion-token.js';

const answered = (status: number, body: object) =>
  new APIResponseError({
    code: APIErrorCode.InvalidRequest,
    status,
    message: 'refused',
    headers: new Headers(),
    rawBodyText: JSON.stringify(body),
    additional_data: undefined,
    request_id: undefined,
  });

describe('classifyRefreshFailure', () => {
  it("is final for Notion's 400/401 (the person must reconnect), with Notion's code as the reason", () => {
    expect(classifyRefreshFailure(answered(400, { error: 'invalid_grant' }))).toEqual({
      kind: 'refused',
      reason: 'invalid_grant (HTTP 400)',
    });
    expect(classifyRefreshFailure(answered(401, { error: 'invalid_client' })).kind).toBe('refused');
  });

  it('is worth another try for 429, 5xx, timeouts and network failures', () => {
    expect(classifyRefreshFailure(answered(429, { code: 'rate_limited' })).kind).toBe('transient');
    expect(classifyRefreshFailure(answered(503, { code: 'service_unavailable' })).kind).toBe('transient');
    expect(classifyRefreshFailure(new RequestTimeoutError()).kind).toBe('transient');
    expect(classifyRefreshFailure(new TypeError('fetch failed'))).toEqual({
      kind: 'transient',
      reason: 'network: fetch failed',
    });
  });
});
