import { describe, expect, it } from 'vitest';
import { inboundTrafficKind } from './inbound-traffic.js';

describe('inboundTrafficKind', () => {
  it("names the protocol's two endpoints, query strings included, and everything else 'api'", () => {
    expect(inboundTrafficKind('/v1/oauth/token')).toBe('oauth-token');
    expect(inboundTrafficKind('/v1/external/object?x=1')).toBe('external-object');
    expect(inboundTrafficKind('/v1/users/me')).toBe('api');
  });
});
