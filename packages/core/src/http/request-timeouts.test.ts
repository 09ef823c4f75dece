import { describe, expect, it } from 'vitest';
import { requestTimeouts } from './request-timeouts.js';

describe('requestTimeouts', () => {
  it('limits headers and the whole request alike, checked ten times per limit', () => {
    expect(requestTimeouts(30_000)).toEqual({
      requestTimeout: 30_000,
      headersTimeout: 30_000,
      connectionsCheckingInterval: 1_000,
    });
    expect(requestTimeouts(2_000).connectionsCheckingInterval).toBe(200);
  });

  it('keeps the check between every 10 ms and every second', () => {
    expect(requestTimeouts(50).connectionsCheckingInterval).toBe(10);
    expect(requestTimeouts(600_000).connectionsCheckingInterval).toBe(1_000);
    expect(requestTimeouts(0.4).requestTimeout).toBe(1);
  });
});
