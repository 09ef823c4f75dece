import { describe, expect, it } from 'vitest';
import { inboundTrafficKind } from './inbound-traffic.js';

describe('inboundTrafficKind', () => {
  it("names the protocol's endpoints, query strings included, and everything else 'api'", () => {
    expect(inboundTrafficKind('/v1/oauth/token')).toBe('oauth-token');
    expect(inboundTrafficKind('/v1/external/object?x=1')).toBe('external-object');
    expect(inboundTrafficKind('/v1/oauth/introspect')).toBe('oauth-introspect');
    expect(inboundTrafficKind('/v1/oauth/revoke')).toBe('oauth-revoke');
    expect(inboundTrafficKind('/v1/users/me')).toBe('api');
  });
});
