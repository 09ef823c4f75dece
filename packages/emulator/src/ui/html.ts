import { escapeHtml } from '@unfurlkit/core/http';

/**
 * Server-rendered HTML with escaping by construction: every value interpolated into an `html` template is
 * escaped unless it is itself `SafeHtml` (the output of another template). The integration's data is
 * untrusted, so an attribute value `<script>` renders as text.
 */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A template whose interpolations are escaped; arrays are concatenated, null/undefined/false are empty. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Marks a trusted constant as HTML. Never pass data that came from a request or the integration. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** The URL when it is absolute http(s), else undefined: nothing else may reach a `src` or `href`. */
export function httpUrl(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string' || !URL.canParse(candidate)) return undefined;
  const { protocol } = new URL(candidate);
  return protocol === 'http:' || protocol === 'https:' ? candidate : undefined;
}
