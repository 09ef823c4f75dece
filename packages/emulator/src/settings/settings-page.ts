import { html, type SafeHtml } from '../ui/html.js';
import { layout } from '../ui/layout.js';
import type { SettingsFormFields } from './settings-form.js';

export interface SettingsPageView {
  csrf: string;
  fields: SettingsFormFields;
  json: string;
  notionCredentials: { clientId: string; clientSecret: string };
  /** Whether the secrets are shown in clear (otherwise masked, with a button to reveal them). */
  revealed: boolean;
  callbackUrl: string;
  problems?: string[];
  warnings?: readonly string[];
  saved?: boolean;
}

function field(
  label: string,
  name: string,
  value: string | undefined,
  options: { type?: string; hint?: string } = {},
): SafeHtml {
  return html`<label class="field">${label}<input type="${options.type ?? 'text'}" name="${name}" value="${value ?? ''}" autocomplete="off">${options.hint ? html`<span class="small">${options.hint}</span>` : ''}</label>`;
}

/**
 * The integration's settings at Notion: the two forms of SPEC §1 as two fieldsets of one form, and the whole
 * settings as JSON. Refusals (e.g. a pattern that matches none of its samples) are listed in
 * `data-testid="settings-errors"`.
 */
export function renderSettingsPage(view: SettingsPageView): string {
  const f = view.fields;
  const body = html`<h1>Integration settings</h1>
${view.saved ? html`<p class="report-ok" role="status" data-testid="settings-saved">Settings saved.</p>` : ''}
${view.problems && view.problems.length > 0 ? html`<ul class="errors" role="alert" data-testid="settings-errors">${view.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}
${view.warnings && view.warnings.length > 0 ? html`<ul class="notice" data-testid="settings-warnings">${view.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''}
<fieldset>
  <legend>What Notion issued the integration</legend>
  <p class="small">Notion client ID: <code data-testid="notion-client-id">${view.notionCredentials.clientId}</code><br>
  Notion client secret: <code data-testid="notion-client-secret">${view.notionCredentials.clientSecret}</code><br>
  Notion's OAuth callback (redirect_uri): <code>${view.callbackUrl}</code></p>
  ${
    view.revealed
      ? html`<p class="small"><a href="/settings" data-testid="hide-secrets">Hide secrets</a></p>`
      : html`<form method="get" action="/settings"><input type="hidden" name="reveal" value="1"><button type="submit" data-testid="reveal-secrets">Reveal secrets</button> <span class="small">Secrets are masked; saving a form with a masked secret keeps the secret.</span></form>`
  }
</fieldset>
<form method="post" action="/settings">
  <input type="hidden" name="_csrf" value="${view.csrf}">
  ${field('Integration name', 'name', f.name)}
  <fieldset>
    <legend>External Authorization Setup</legend>
    ${field('OAuth Authorize URL', 'authorizeUrl', f.authorizeUrl, { type: 'url' })}
    ${field('OAuth Token URL', 'tokenUrl', f.tokenUrl, { type: 'url' })}
    ${field('OAuth Client ID', 'clientId', f.clientId)}
    ${field('OAuth Client Secret', 'clientSecret', f.clientSecret, { type: 'password' })}
    ${field('OAuth Scopes (optional)', 'scopes', f.scopes)}
    ${field('Deleted Token Callback URL (optional)', 'deletedTokenCallbackUrl', f.deletedTokenCallbackUrl, { type: 'url' })}
  </fieldset>
  <fieldset>
    <legend>Unfurling Domain &amp; Patterns</legend>
    ${field('Unfurl Callback URL', 'callbackUrl', f.callbackUrl, { type: 'url' })}
    ${field('Unfurl URL Domain', 'domain', f.domain)}
    <label class="field">URL matching rules (JSON: [{"name", "pattern", "samples", "placeholder"}])<textarea name="rules" rows="14">${f.rules ?? '[]'}</textarea></label>
  </fieldset>
  <button type="submit" class="primary">Save settings</button>
</form>
<h2>Settings as JSON</h2>
<form method="post" action="/settings/json">
  <input type="hidden" name="_csrf" value="${view.csrf}">
  <label class="field">The whole settings object (also <code>PUT /api/settings</code>, or <code>--settings file.json</code>)<textarea name="settingsJson" rows="16">${view.json}</textarea></label>
  <button type="submit">Save JSON</button>
</form>`;
  return layout({ title: 'Settings', tab: 'settings', body });
}
