import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, REDIRECT_URI, startHarness } from './support/harness.js';
import { allowConnection, unfurl } from './support/oauth-flow.js';

/**
 * A standard OAuth client against our Token URL (RFC 6749 §2.3.1): `oauth4webapi` form-urlencodes the client id
 * and secret before Basic encoding, so a `-` in the id arrives as `%2D`, and a secret's `+`, `/`, `%`, space and
 * `~` arrive escaped. Both client authentication methods, both grants, over real HTTP.
 */
const CLIENT_ID = 'notion-link_previews.test';
const CLIENT_SECRET = "s3cret+with/slash%percent space~tilde*star'quote(0123456789abcdef)";
const ITEM = 'https://fixture.test/items/7';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { OAUTH_CLIENT_ID: CLIENT_ID, OAUTH_CLIENT_SECRET: CLIENT_SECRET } });
});
afterAll(async () => {
  await h.close();
});

const insecure = { [oauth.allowInsecureRequests]: true };

function server(): oauth.AuthorizationServer {
  return { issuer: h.url, token_endpoint: `${h.url}/notion/token` };
}

const methods = {
  client_secret_basic: () => oauth.ClientSecretBasic(CLIENT_SECRET),
  client_secret_post: () => oauth.ClientSecretPost(CLIENT_SECRET),
};

describe.each(Object.keys(methods) as Array<keyof typeof methods>)('oauth4webapi with %s', (method) => {
  it('completes the code grant and then the refresh grant; every access token works', async () => {
    const as = server();
    const client: oauth.Client = { client_id: CLIENT_ID, token_endpoint_auth_method: method };
    const auth = methods[method]();
    const { location } = await allowConnection(h, { query: { client_id: CLIENT_ID, state: 'st-1' } });
    const callback = oauth.validateAuthResponse(as, client, location, 'st-1');
    const codeResponse = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      callback,
      REDIRECT_URI,
      oauth.nopkce,
      insecure,
    );
    const first = await oauth.processAuthorizationCodeResponse(as, client, codeResponse);
    expect(first.token_type).toBe('bearer');
    expect(first.refresh_token).toBeTypeOf('string');
    expect((await unfurl(h, ITEM, first.access_token)).status).toBe(200);

    const refreshResponse = await oauth.refreshTokenGrantRequest(
      as,
      client,
      auth,
      first.refresh_token!,
      insecure,
    );
    const second = await oauth.processRefreshTokenResponse(as, client, refreshResponse);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await unfurl(h, ITEM, second.access_token)).status).toBe(200);
  });
});

it('still refuses a wrong secret sent by the standard client', async () => {
  const as = server();
  const client: oauth.Client = { client_id: CLIENT_ID };
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.ClientSecretBasic(`${CLIENT_SECRET}x`),
    'ufk_rt_unknown',
    insecure,
  );
  expect(response.status).toBe(401);
  expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
});
