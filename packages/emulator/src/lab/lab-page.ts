import { formatJsonPath, type ValidationIssue, type ValidationMode } from '@unfurlkit/core';
import { renderPreviewError } from '../render/preview-block.js';
import { renderPreviewFull } from '../render/preview-full.js';
import { renderPreviewMention } from '../render/preview-mention.js';
import { html, type SafeHtml } from '../ui/html.js';
import { layout } from '../ui/layout.js';
import type { LabReport } from './lab-check.js';

function issueList(issues: readonly ValidationIssue[], severity: string): SafeHtml | '' {
  if (issues.length === 0) return '';
  return html`<ul class="${severity === 'error' ? 'errors' : 'notice'}" data-testid="lab-${severity}s">${issues.map(
    (i) =>
      html`<li><code>${formatJsonPath(i.path)}</code> ${i.message} <span class="small muted">(${i.code})</span></li>`,
  )}</ul>`;
}

/**
 * The Link Preview Lab: paste JSON, see the validation report (`data-testid="lab-report"`) and the preview it
 * would give, full and mention (`data-testid="lab-preview"`).
 */
export function renderLabPage(view: {
  csrf: string;
  input: string;
  mode: ValidationMode;
  report?: LabReport;
}): string {
  const { report } = view;
  const body = html`<h1>Link Preview Lab</h1>
<p class="muted">Paste an Unfurl Callback answer or PATCH body (<code>{"uri", "operations"}</code>), an attribute array, or one attribute.</p>
<form method="post" action="/lab">
  <input type="hidden" name="_csrf" value="${view.csrf}">
  <label class="field">Response or attribute JSON<textarea name="input" rows="18" spellcheck="false">${view.input}</textarea></label>
  <label class="field">Judge as<select name="mode">
    <option value="receive"${view.mode === 'receive' ? html` selected` : ''}>Notion receiving it (tolerant: missing dev or type are warnings)</option>
    <option value="send"${view.mode === 'send' ? html` selected` : ''}>an integration sending it (strict)</option>
  </select></label>
  <button type="submit" class="primary">Check</button>
</form>
${report ? renderReport(report) : ''}`;
  return layout({ title: 'Link Preview Lab', tab: 'lab', body });
}

const KIND_LABEL: Record<LabReport['kind'], string> = {
  'unfurl-object': '{uri, operations} message',
  attributes: 'attribute set',
  attribute: 'attribute',
  'not-json': 'text',
};

function renderReport(report: LabReport): SafeHtml {
  const kind = KIND_LABEL[report.kind];
  const summary = report.parseError
    ? html`<p class="errors" data-testid="lab-status">Not JSON: ${report.parseError}</p>`
    : report.ok
      ? html`<p class="report-ok" data-testid="lab-status">Valid ${kind}${report.warnings.length > 0 ? `, with ${report.warnings.length} warning(s)` : ''}.</p>`
      : html`<p class="errors" data-testid="lab-status">${report.errors.length} error(s) in this ${kind}.</p>`;
  const drawable = report.attributes;
  return html`<section data-testid="lab-report" aria-label="Validation report">
  <h2>Validation report</h2>
  ${summary}${issueList(report.errors, 'error')}${issueList(report.warnings, 'warning')}
</section>
${
  drawable || report.error
    ? html`<section data-testid="lab-preview" aria-label="Rendered preview" class="preview" data-state="${report.error ? 'error' : 'ready'}">
  <h2>Preview</h2>
  ${report.error ? renderPreviewError(report.error) : ''}
  ${renderPreviewFull(drawable ?? [], { fallbackTitle: '(no title)' })}
  <p class="mention-line">As a mention: ${renderPreviewMention(drawable ?? [], { fallbackTitle: '(no title)' })}</p>
</section>`
    : ''
}`;
}
