/**
 * `Authorization: Basic` as the `basic-auth` package reads it (which `@node-oauth/oauth2-server` uses): the two
 * must agree on what counts as Basic. The scheme in any case, spaces around, a base64 value; split at the first
 * colon, so a secret may hold colons. The id and secret are returned raw, not url-decoded: `basicAuthReadings`
 * adds the RFC 6749 §2.3.1 reading.
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

/**
 * `application/x-www-form-urlencoded` decoding of one value (`+` is a space, `%XX` a byte of UTF-8), or
 * undefined when it holds a malformed escape.
 */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Every reading of Basic credentials a token endpoint should try: RFC 6749 §2.3.1 has the client form-urlencode
 * its id and secret before Basic encoding (standard clients such as `oauth4webapi` do, turning `-` into `%2D`),
 * while other clients (Notion's own among them) send them raw. The raw reading comes first; the decoded one
 * follows when it differs and decodes. Compare every reading, not the first that matches, to stay constant-time.
 *
 * @example
 * basicAuthReadings({ id: 'a%2Db', secret: 's+1' }) // [{ id: 'a%2Db', secret: 's+1' }, { id: 'a-b', secret: 's 1' }]
 */
export function basicAuthReadings(credentials: BasicCredentials): BasicCredentials[] {
  const id = formDecode(credentials.id);
  const secret = formDecode(credentials.secret);
  if (id === undefined || secret === undefined) return [credentials];
  if (id === credentials.id && secret === credentials.secret) return [credentials];
  return [credentials, { id, secret }];
}
