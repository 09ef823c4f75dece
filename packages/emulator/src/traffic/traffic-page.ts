import { html } from '../ui/html.js';
import { layout } from '../ui/layout.js';
import type { TrafficEntry } from './traffic-log.js';

function pretty(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** The traffic log as a page: newest first, each request expandable to its headers and bodies. */
export function renderTrafficPage(entries: readonly TrafficEntry[], csrf: string): string {
  const rows = [...entries].reverse().map(
    (e) => html`<tr data-testid="traffic-entry" data-kind="${e.kind}">
  <td>${e.seq}</td>
  <td class="small">${e.at.slice(11, 23)}</td>
  <td>${e.direction === 'inbound' ? 'integration → Notion' : 'Notion → integration'}</td>
  <td><details><summary><strong>${e.method}</strong> ${e.url}</summary>
    <p class="small muted">request headers</p><pre class="json">${pretty(e.requestHeaders)}</pre>
    <p class="small muted">request body</p><pre class="json">${pretty(e.requestBody)}</pre>
    <p class="small muted">response headers</p><pre class="json">${pretty(e.responseHeaders)}</pre>
    <p class="small muted">response body</p><pre class="json">${pretty(e.responseBody)}</pre>
  </details></td>
  <td>${e.status ?? html`<span title="${e.error ?? ''}">—</span>`}${e.error ? html`<div class="small">${e.error}</div>` : ''}</td>
  <td>${e.durationMs} ms</td>
</tr>`,
  );
  const body = html`<h1>Traffic</h1>
<p class="muted">Every request between the emulator and the integration, both ways, secrets masked. Also as <a href="/traffic.json">JSON</a>.</p>
<form method="post" action="/traffic/clear"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">Clear</button></form>
${
  entries.length === 0
    ? html`<p class="muted">No traffic yet.</p>`
    : html`<table class="traffic"><thead><tr><th>#</th><th>at</th><th>direction</th><th>request</th><th>status</th><th>time</th></tr></thead><tbody>${rows}</tbody></table>`
}`;
  return layout({ title: 'Traffic', tab: 'traffic', body });
}
