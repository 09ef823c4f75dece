/**
 * The query of `GET /notion/authorize` (SPEC §2), read without trusting it: repeated parameters are kept as
 * "repeated" so a check can refuse them (RFC 6749 §3.1: parameters must not be included more than once), and an
 * empty value counts as absent (same section).
 */
export interface AuthorizeParams {
  clientId: string | undefined;
  redirectUri: string | undefined;
  responseType: string | undefined;
  scope: string | undefined;
  state: string | undefined;
  /** Notion's code, to exchange for Notion's token. */
  notionCode: string | undefined;
  /** Names of parameters given more than once. */
  repeated: string[];
}

const NAMES = {
  clientId: 'client_id',
  redirectUri: 'redirect_uri',
  responseType: 'response_type',
  scope: 'scope',
  state: 'state',
  notionCode: 'code',
} as const;

export function readAuthorizeParams(query: unknown): AuthorizeParams {
  const source = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const repeated: string[] = [];
  const read = (name: string): string | undefined => {
    const value = source[name];
    if (Array.isArray(value)) {
      repeated.push(name);
      return undefined;
    }
    // RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted".
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const params = Object.fromEntries(Object.entries(NAMES).map(([key, name]) => [key, read(name)])) as Omit<
    AuthorizeParams,
    'repeated'
  >;
  return { ...params, repeated };
}
