import { isSecretName, REDACTION_CENSOR, SECRET_HEADER_NAMES } from '@unfurlkit/core/http';

/**
 * Masks secrets in what the traffic log keeps (SECURITY: logs). Tokens, codes and client secrets are
 * replaced by `[REDACTED]`, and an Authorization header keeps only its scheme, so the log can be shown on a
 * page and shared in a bug report.
 */
const SECRET_HEADERS: ReadonlySet<string> = new Set(SECRET_HEADER_NAMES);

export function maskHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization') {
      const scheme = value.split(' ')[0] ?? '';
      masked[lower] = `${scheme} ${REDACTION_CENSOR}`;
    } else if (SECRET_HEADERS.has(lower)) {
      masked[lower] = REDACTION_CENSOR;
    } else {
      masked[lower] = value;
    }
  }
  return masked;
}

/** A deep copy of a JSON value with secret-named keys masked. */
export function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        isSecretName(key) ? REDACTION_CENSOR : maskJson(item),
      ]),
    );
  }
  return value;
}

const MAX_TEXT = 20_000;

/**
 * A body for the log: JSON parsed and masked, a form body masked field by field, other text cut to 20,000
 * characters.
 */
export function maskBody(body: unknown, contentType?: string): unknown {
  if (body === undefined || body === null || body === '') return body ?? null;
  if (typeof body !== 'string') return maskJson(body);
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(body);
    const masked: Record<string, string> = {};
    for (const [key, value] of params) masked[key] = isSecretName(key) ? REDACTION_CENSOR : value;
    return masked;
  }
  try {
    return maskJson(JSON.parse(body));
  } catch {
    return body.length > MAX_TEXT ? `${body.slice(0, MAX_TEXT)}… (${body.length} characters)` : body;
  }
}
