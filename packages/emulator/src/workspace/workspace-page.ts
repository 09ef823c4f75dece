import { renderPreviewBlock } from '../render/preview-block.js';
import type { PreviewState } from '../render/preview-state.js';
import { PEOPLE, type Person } from '../runtime/people.js';
import type { Integration } from '../settings/settings-service.js';
import type { Connection } from '../store/connection-store.js';
import { html, type SafeHtml } from '../ui/html.js';
import { layout } from '../ui/layout.js';

export interface WorkspaceView {
  person: Person;
  csrf: string;
  /** The integrations in force, in order (a workspace may have several). */
  integrations: readonly Integration[];
  previews: PreviewState[];
  connections: Connection[];
  flash?: string | undefined;
}

/**
 * The part of the workspace page that changes without a reload (SSE): the previews and "My connections".
 */
export function renderLiveRegion(view: WorkspaceView): SafeHtml {
  const connectedTo = (integrationId: string | null) =>
    view.connections.some((c) => c.integrationId === integrationId);
  return html`<section aria-label="Previews">
  ${view.previews.length === 0 ? html`<p class="muted" data-testid="no-previews">No previews yet: paste a link above.</p>` : ''}
  <ul class="previews">${view.previews.map((p) => renderPreviewBlock(p, { csrf: view.csrf, connected: connectedTo(p.integrationId) }))}</ul>
</section>
<section aria-labelledby="connections-heading">
  <h2 id="connections-heading">My connections</h2>
  ${
    view.connections.length === 0
      ? html`<p class="muted" data-testid="no-connections">No connections.</p>`
      : html`<ul class="connections" data-testid="connections">${view.connections.map(
          (
            c,
          ) => html`<li data-testid="connection" data-connection-id="${c.id}" data-integration-id="${c.integrationId}">
        <span class="muted small" data-testid="connection-account">${integrationName(view, c.integrationId)} account</span>
        <span class="connection-name" data-testid="connection-name" title="external_account.name, as the integration sent it">${c.externalName}</span>
        <span class="muted small">· connected by ${view.person.name} · since ${new Date(c.createdAt).toISOString().slice(0, 16).replace('T', ' ')}</span>
        <form method="post" action="/connections/${c.id}/disconnect" class="inline-form">
          <input type="hidden" name="_csrf" value="${view.csrf}">
          <button type="submit">Disconnect</button>
        </form>
        ${renderConnectionWarnings(c.warnings)}
      </li>`,
        )}</ul>`
  }
  ${view.integrations.map(
    (i) => html`<form method="post" action="/connect" class="inline-form">
    <input type="hidden" name="_csrf" value="${view.csrf}">
    <input type="hidden" name="integration" value="${i.id}">
    <button type="submit">${connectedTo(i.id) ? `Connect another ${i.settings.name} account` : `Connect ${i.settings.name}`}</button>
  </form>`,
  )}
</section>`;
}

/** The name a connection is labelled with: its integration's, or a note when that integration was removed. */
function integrationName(view: WorkspaceView, integrationId: string): string {
  return view.integrations.find((i) => i.id === integrationId)?.settings.name ?? 'Removed integration';
}

/** What the integration did that Notion tolerated, spelled out under the connection (not in a tooltip). */
function renderConnectionWarnings(warnings: readonly string[]): SafeHtml | '' {
  if (warnings.length === 0) return '';
  return html`<ul class="connection-warnings notice small" data-testid="connection-warnings">${warnings.map(
    (w) => html`<li>⚠ ${w}</li>`,
  )}</ul>`;
}

/**
 * The workspace page (`GET /`). Contract: a person switcher (buttons "Ada", "Ben"), a text input labelled
 * "Paste a link" with a "Paste" button, the previews, and "My connections".
 */
export function renderWorkspacePage(view: WorkspaceView): string {
  const body = html`<h1>${view.person.name}'s page</h1>
<form method="post" action="/person" class="people" aria-label="Person">
  <input type="hidden" name="_csrf" value="${view.csrf}">
  <span class="muted small">Acting as</span>
  ${PEOPLE.map((p) => html`<button type="submit" name="person" value="${p.id}" aria-pressed="${p.id === view.person.id ? 'true' : 'false'}">${p.name}</button>`)}
</form>
${view.flash ? html`<p class="notice" role="status" data-testid="flash">${view.flash}</p>` : ''}
${
  view.integrations.length > 0
    ? html`<p class="muted small">Links matching the rules of ${view.integrations.map((i, n) => html`${n > 0 ? ', ' : ''}<strong>${i.settings.name}</strong> (${i.settings.unfurl.domain})`)} unfurl here; any other link shows as a plain link.</p>`
    : html`<p class="notice" data-testid="no-settings">No integration is configured yet. <a href="/settings">Fill in the settings</a>.</p>`
}
<form method="post" action="/paste" class="paste">
  <input type="hidden" name="_csrf" value="${view.csrf}">
  <label for="link">Paste a link<input type="text" id="link" name="link" autocomplete="off" placeholder="https://…"></label>
  <button type="submit" class="primary">Paste</button>
</form>
<div id="live">${renderLiveRegion(view)}</div>`;
  return layout({
    title: `${view.person.name}'s page`,
    tab: 'workspace',
    body,
    scripts: ['/assets/workspace.js'],
  });
}

/** The callback page when connecting failed: Notion's text in `data-testid="auth-error"`, a way back. */
export function renderAuthErrorPage(message: string, detail: string | undefined): string {
  const body = html`<h1>Connection failed</h1>
<div class="auth-error" data-testid="auth-error" role="alert">${message}</div>
${detail ? html`<p class="muted" data-testid="auth-error-detail">${detail}</p>` : ''}
<p><a href="/">Back to the workspace</a></p>`;
  return layout({ title: 'Connection failed', tab: 'workspace', body });
}

/** Any other page-level error (bad CSRF token, unknown preview). */
export function renderMessagePage(title: string, message: string): string {
  return layout({
    title,
    tab: 'workspace',
    body: html`<h1>${title}</h1><p class="notice" role="alert">${message}</p><p><a href="/">Back to the workspace</a></p>`,
  });
}
