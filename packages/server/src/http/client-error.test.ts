import { describe, expect, it } from 'vitest';
import { clientErrorAnswer } from './client-error.js';

describe('clientErrorAnswer', () => {
  it('answers a request that did not arrive in time with 408', () => {
    expect(clientErrorAnswer({ code: 'ERR_HTTP_REQUEST_TIMEOUT' })).toMatchObject({
      status: 408,
      reason: 'Request Timeout',
    });
  });

  it('answers oversized headers with 431 and anything else with 400', () => {
    expect(clientErrorAnswer({ code: 'HPE_HEADER_OVERFLOW' }).status).toBe(431);
    expect(clientErrorAnswer({ code: 'HPE_INVALID_METHOD' }).status).toBe(400);
    expect(clientErrorAnswer({}).status).toBe(400);
  });
});
