import type { UnfurlErrorValue } from '@unfurlkit/core';
import type { UnfurlFailure } from '../store/external-object-store.js';
import { html, httpUrl, type SafeHtml } from '../ui/html.js';
import { renderPreviewFull } from './preview-full.js';
import { renderPreviewMention } from './preview-mention.js';
import type { PreviewState } from './preview-state.js';

/** The error an error operation sets, as Notion shows it over the preview: status and message. */
export function renderPreviewError(error: UnfurlErrorValue): SafeHtml {
  return html`<div class="preview-error" data-testid="preview-error" role="alert"><strong>${error.status}</strong> ${error.message}</div>`;
}

/** The card for an unusable answer: what went wrong, and the details a developer needs. */
export function renderFailure(failure: UnfurlFailure): SafeHtml {
  return html`<div class="preview-failure" data-testid="preview-failure" role="alert">
  <strong>${failure.title}</strong>${failure.httpStatus !== undefined ? html` <span class="status">HTTP ${failure.httpStatus}</span>` : ''}
  <pre>${failure.detail}</pre>
</div>`;
}

export function renderWarnings(warnings: readonly string[]): SafeHtml | '' {
  if (warnings.length === 0) return '';
  return html`<details class="preview-warnings" data-testid="preview-warnings" open><summary>${warnings.length} warning${warnings.length === 1 ? '' : 's'}</summary><ul>${warnings.map((w) => html`<li>${w}</li>`)}</ul></details>`;
}

/**
 * One preview block of the workspace page. Contract (the lead's browser tests rely on it):
 * `data-testid="preview"` with `data-uri` and `data-state`; inside, the full card (`preview-full`, title in
 * `preview-title`), the mention (`preview-mention`), `preview-error` when an error operation applies, and a
 * "Delete" button.
 */
export function renderPreviewBlock(
  preview: PreviewState,
  options: { csrf: string; connected: boolean },
): SafeHtml {
  const href = httpUrl(preview.uri) ?? '#';
  if (preview.state === 'link') return renderPlainLink(preview, href, options.csrf);
  const attributes = preview.attributes ?? preview.placeholder;
  const fallbackTitle = preview.uri;
  return html`<li class="preview" data-testid="preview" data-uri="${preview.uri}" data-state="${preview.state}" data-preview-id="${preview.id}">
  <div class="preview-bar">
    <a class="preview-uri" href="${href}" rel="noopener noreferrer" target="_blank">${preview.uri}</a>
    <span class="state-badge state-${preview.state}">${stateLabel(preview, options.connected)}</span>
    <form method="post" action="/previews/${preview.id}/delete" class="inline-form">
      <input type="hidden" name="_csrf" value="${options.csrf}">
      <button type="submit" class="button-quiet">Delete</button>
    </form>
  </div>
  ${preview.error ? renderPreviewError(preview.error) : ''}
  ${preview.failure ? renderFailure(preview.failure) : ''}
  ${renderPreviewFull(attributes, { fallbackTitle })}
  <p class="mention-line">As a mention: ${renderPreviewMention(attributes, { fallbackTitle })}${preview.error ? html` <span class="mention-error">⚠ ${preview.error.status}</span>` : ''}</p>
  ${renderWarnings(preview.warnings)}
</li>`;
}

/**
 * A link no integration's rule matches: Notion shows a plain link (bookmark) card with the URL and its host,
 * and fetches nothing. `data-testid="preview-link"` holds the URL.
 */
function renderPlainLink(preview: PreviewState, href: string, csrf: string): SafeHtml {
  const host = URL.canParse(preview.uri) ? new URL(preview.uri).host : preview.uri;
  return html`<li class="preview" data-testid="preview" data-uri="${preview.uri}" data-state="link" data-preview-id="${preview.id}">
  <div class="preview-bar">
    <span class="state-badge state-link">link · no integration matches</span>
    <form method="post" action="/previews/${preview.id}/delete" class="inline-form">
      <input type="hidden" name="_csrf" value="${csrf}">
      <button type="submit" class="button-quiet">Delete</button>
    </form>
  </div>
  <a class="preview-full plain-link" data-testid="preview-link" href="${href}" rel="noopener noreferrer" target="_blank"><strong>${host}</strong><span class="muted small">${preview.uri}</span></a>
</li>`;
}

function stateLabel(preview: PreviewState, connected: boolean): string {
  switch (preview.state) {
    case 'placeholder':
      return preview.connectionId === null && !connected
        ? 'placeholder · not connected'
        : 'placeholder · loading';
    case 'ready':
      return 'live';
    case 'error':
      return 'error';
    case 'failed':
      return 'failed';
    case 'link':
      return 'link';
  }
}
