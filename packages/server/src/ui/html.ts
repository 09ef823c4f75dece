import { escapeHtml } from '@unfurlkit/core/http';

/**
 * HTML as escaped strings: every interpolated value goes through core's `escapeHtml`, so nothing a person or
 * Notion sends can become markup. Views are pure functions of their data. `SafeHtml` is markup already built by
 * `html`, which nests without being escaped again.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** A tagged template that escapes every value except nested `SafeHtml`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1]!;
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f6f3; color: #1f1f1f; }
  main { max-width: 28rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 10px;
    box-shadow: 0 1px 4px rgba(0,0,0,.12); }
  h1 { font-size: 1.3rem; margin-top: 0; }
  .actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
  button { font: inherit; padding: .5rem 1.25rem; border-radius: 6px; border: 1px solid #bbb; background: #fff; cursor: pointer; }
  button.primary { background: #2e6be6; border-color: #2e6be6; color: #fff; }
  button.link { border: 0; padding: 0; background: none; color: #2e6be6; text-decoration: underline; font-size: inherit; }
  .muted { color: #666; font-size: .9rem; }
  code { background: #f0f0ee; padding: 0 .25rem; border-radius: 3px; }
  label { display: block; margin-top: 1rem; }
  input { font: inherit; padding: .4rem; width: 100%; box-sizing: border-box; }
`;

/** The page frame. Inline CSS only (the CSP allows no scripts on these pages). */
export function page(title: string, body: SafeHtml): string {
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${new SafeHtml(STYLE)}</style></head><body><main>${body}</main></body></html>`}`;
}
