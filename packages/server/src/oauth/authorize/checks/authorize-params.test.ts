import { describe, expect, it } from 'vitest';
import { readAuthorizeParams } from './authorize-params.js';

describe('readAuthorizeParams', () => {
  it("maps the query's names to ours, Notion's code to notionCode", () => {
    expect(
      readAuthorizeParams({
        client_id: 'notion',
        redirect_uri: 'https://www.notion.so/externalIntegrationAuthCallback',
        response_type: 'code',
        scope: 'unfurl',
        state: 'xyz',
        code: '6c3b1f1e-notion',
      }),
    ).toEqual({
      clientId: 'notion',
      redirectUri: 'https://www.notion.so/externalIntegrationAuthCallback',
      responseType: 'code',
      scope: 'unfurl',
      state: 'xyz',
      notionCode: '6c3b1f1e-notion',
      repeated: [],
    });
  });

  it('reads a missing parameter as undefined, and an empty one too (RFC 6749 §3.1)', () => {
    const params = readAuthorizeParams({ client_id: 'notion', state: '', scope: '', response_type: '' });
    expect(params).toMatchObject({ clientId: 'notion', redirectUri: undefined, notionCode: undefined });
    expect(params.state).toBeUndefined();
    expect(params.scope).toBeUndefined();
    expect(params.responseType).toBeUndefined();
  });

  it('marks a repeated parameter as repeated and reads it as undefined', () => {
    const params = readAuthorizeParams({ client_id: ['a', 'b'], state: ['1', '2'], scope: 'unfurl' });
    expect(params.repeated).toEqual(['client_id', 'state']);
    expect(params.clientId).toBeUndefined();
    expect(params.state).toBeUndefined();
    expect(params.scope).toBe('unfurl');
  });

  it('ignores values that are not strings, other parameters, and a query that is not an object', () => {
    expect(readAuthorizeParams({ state: 42, extra: 'x' })).toMatchObject({ state: undefined, repeated: [] });
    for (const query of [undefined, null, 'client_id=notion', 7]) {
      expect(readAuthorizeParams(query)).toEqual({
        clientId: undefined,
        redirectUri: undefined,
        responseType: undefined,
        scope: undefined,
        state: undefined,
        notionCode: undefined,
        repeated: [],
      });
    }
  });
});
