/**
 * `Authorization: Basic` as the `basic-auth` package reads it (which `@node-oauth/oauth2-server` uses): the two
 * must agree on what counts as Basic. The scheme in any case, spaces around, a base64 value; split at the first
 * colon, so a secret may hold colons. The id and secret are returned raw, not url-decoded.
 */
const BASIC = /^ *[Bb][Aa][Ss][Ii][Cc] +([A-Za-z0-9._~+/-]+=*) *$/;

export interface BasicCredentials {
  id: string;
  secret: string;
}

/**
 * The id and secret of an `Authorization: Basic base64(id:secret)` header, or undefined when the header is
 * missing, another scheme, malformed, or has no colon.
 *
 * @example
 * parseBasicAuth(`Basic ${btoa('notion:s3cret')}`) // { id: 'notion', secret: 's3cret' }
 */
export function parseBasicAuth(authorization: string | undefined): BasicCredentials | undefined {
  const match = BASIC.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
