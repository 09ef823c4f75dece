import { html, page } from './html.js';

/**
 * Shown instead of redirecting when the redirect itself cannot be trusted (unknown client_id or redirect_uri,
 * RFC 6749 §4.1.2.1), and for other errors a person must read.
 */
export function errorPage(options: { title: string; message: string; requestId?: string }): string {
  return page(
    options.title,
    html`<h1>${options.title}</h1>
      <p data-testid="error-message">${options.message}</p>
      ${options.requestId ? html`<p class="muted">Request id: <code>${options.requestId}</code></p>` : ''}`,
  );
}
