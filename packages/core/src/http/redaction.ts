/**
 * What never reaches a log or a traffic record in clear (SECURITY: logs), one list for every package: the names
 * of fields, form and query parameters that carry secrets, the headers that carry credentials, and the one
 * string a secret is replaced with.
 */
export const REDACTION_CENSOR = '[REDACTED]';

/** Field and parameter names holding secrets, compared case-insensitively (`isSecretName`). */
export const SECRET_FIELD_NAMES = [
  'access_token',
  'refresh_token',
  'client_secret',
  'code',
  'state',
  'token',
  'password',
  'csrf',
  'clientSecret',
  'notionClientSecret',
  // The server's sealed sign-in link (`/notion/authorize?resume=…`): it carries Notion's code and state.
  'resume',
] as const;

/** Headers holding credentials, lower-case as Node reads them. */
export const SECRET_HEADER_NAMES = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'] as const;

const SECRET_NAMES: ReadonlySet<string> = new Set(SECRET_FIELD_NAMES.map((name) => name.toLowerCase()));

/**
 * Whether a field or parameter of this name holds a secret. Exact names only: `barcode` and `statement` are not
 * secrets.
 *
 * @example isSecretName('Client_Secret') // true
 */
export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase());
}

/**
 * pino `redact` paths built from the lists above: credential headers of a request or response, and every secret
 * field one level down and at the top of a log object, except a top-level `code`: that one is the error code
 * every log line of a failure carries (docs/errors.md), never a secret.
 *
 * @example pino({ redact: { paths: [...REDACTED_LOG_PATHS], censor: REDACTION_CENSOR } })
 */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.authorization',
  ...SECRET_FIELD_NAMES.filter((name) => name !== 'code'),
  ...SECRET_FIELD_NAMES.map((name) => `*.${name}`),
];

/**
 * A URL or request target with the values of secret query parameters replaced by `REDACTION_CENSOR`; the rest is
 * kept byte for byte. Names are compared as a query parser reads them (percent-decoded, `+` as space, any case),
 * so `?co%64e=…` is redacted like `?code=…`. A value that is itself a URL with secrets (a sign-in page's
 * `?next=/notion/authorize%3Fresume%3D…`) is redacted inside, a few levels deep.
 *
 * @example
 * redactUrl('/notion/authorize?code=abc&scope=unfurl') // '/notion/authorize?code=[REDACTED]&scope=unfurl'
 * redactUrl('/login?next=%2Fx%3Fcode%3Dabc') // '/login?next=%2Fx%3Fcode%3D%5BREDACTED%5D'
 */
export function redactUrl(url: string, depth = 0): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  // Everything after "?" is treated as query, a raw "#" included: a request target has no fragment, and the
  // query parser does not stop at one either.
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const name = pair.slice(0, equals);
      if (isSecretName(decodeName(name))) return `${name}=${REDACTION_CENSOR}`;
      return depth < MAX_NESTED_URLS ? `${name}=${redactNestedUrl(pair.slice(equals + 1), depth)}` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart + 1)}${query}`;
}

/** How many URLs inside URLs `redactUrl` looks into (`next=` holding a URL holding `returnTo=` …). */
const MAX_NESTED_URLS = 3;

/** A query value redacted as a URL of its own when it is one with secrets; otherwise unchanged, byte for byte. */
function redactNestedUrl(value: string, depth: number): string {
  const decoded = decodeName(value);
  if (!decoded.includes('?')) return value;
  const redacted = redactUrl(decoded, depth + 1);
  return redacted === decoded ? value : encodeURIComponent(redacted);
}

function decodeName(name: string): string {
  const spaced = name.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
