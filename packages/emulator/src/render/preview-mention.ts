import type { Attribute } from '@unfurlkit/core';
import { html, type SafeHtml } from '../ui/html.js';
import { sectionAttributes, titleOf } from './attribute-sections.js';
import { renderEntity, renderIdentifier } from './preview-full.js';

/**
 * The compact mention (SPEC §7.2): the entity icon, the identifier on the left, and the title, inline in a
 * line of text.
 */
export function renderPreviewMention(
  attributes: readonly Attribute[],
  options: { fallbackTitle: string },
): SafeHtml {
  const sections = sectionAttributes(attributes);
  const identifier = sections.identifier?.[0];
  return html`<span class="preview-mention" data-testid="preview-mention">${renderEntity(sections)}${identifier ? renderIdentifier(identifier) : ''}<span class="mention-title" data-testid="mention-title">${titleOf(sections) ?? options.fallbackTitle}</span></span>`;
}
