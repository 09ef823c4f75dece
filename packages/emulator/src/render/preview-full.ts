import type { Attribute } from '@unfurlkit/core';
import { html, httpUrl, type SafeHtml } from '../ui/html.js';
import {
  type Drawable,
  rgbCss,
  type SectionedAttributes,
  sectionAttributes,
  titleOf,
} from './attribute-sections.js';

/**
 * The full preview card, laid out as Notion draws it (SPEC §7.2): embed on top, then the title with the
 * entity icon, primary and secondary subheadings, body text, and identifier with avatar at the bottom, over
 * the background colour. Media only from http(s) URLs; an `html` embed in a sandboxed iframe.
 */
export function renderPreviewFull(
  attributes: readonly Attribute[],
  options: { fallbackTitle: string },
): SafeHtml {
  const sections = sectionAttributes(attributes);
  const background = sections.background?.find((d) => d.kind === 'color');
  const style =
    background?.kind === 'color'
      ? `background:${rgbCss(background.color, 0.14)};border-left-color:${rgbCss(background.color)}`
      : undefined;
  const subheadings = [...(sections.primary ?? []), ...(sections.secondary ?? [])];
  return html`<article class="preview-full" data-testid="preview-full"${style ? html` style="${style}"` : ''}>
  ${(sections.embed ?? []).map(renderEmbed)}
  <div class="preview-content">
    <div class="preview-heading">${renderEntity(sections)}<span class="preview-title" data-testid="preview-title">${titleOf(sections) ?? options.fallbackTitle}</span></div>
    ${subheadings.length > 0 ? html`<div class="preview-subheadings">${subheadings.map(renderSubheading)}</div>` : ''}
    ${(sections.body ?? []).map((d) => (d.kind === 'text' ? html`<p class="preview-body" title="${d.name}">${d.text}</p>` : ''))}
    ${(sections.relations ?? []).map((d) => (d.kind === 'relation' ? html`<p class="preview-relation">${d.name}: <a href="${httpUrl(d.uri) ?? '#'}" rel="noopener noreferrer" target="_blank">${d.uri}</a></p>` : ''))}
    ${renderFooter(sections)}
  </div>
</article>`;
}

/** The small icon beside the title (and in the mention): an image, or a colour dot. */
export function renderEntity(sections: SectionedAttributes): SafeHtml | '' {
  const entity = sections.entity?.[0];
  if (!entity) return '';
  if (entity.kind === 'color')
    return html`<span class="entity-dot" style="background:${rgbCss(entity.color)}" title="${entity.name}"></span>`;
  if (entity.kind === 'media') {
    const src = httpUrl(entity.src);
    return src
      ? html`<img class="entity-icon" src="${src}" alt="${entity.name}" referrerpolicy="no-referrer">`
      : '';
  }
  return '';
}

function renderSubheading(drawable: Drawable): SafeHtml | '' {
  if (drawable.kind !== 'text') return '';
  if (drawable.subtype === 'enum') {
    const style = drawable.color
      ? `background:${rgbCss(drawable.color, 0.2)};color:${rgbCss(drawable.color)}`
      : undefined;
    return html`<span class="subheading enum" title="${drawable.name}"${style ? html` style="${style}"` : ''}>${drawable.text}</span>`;
  }
  return html`<span class="subheading" title="${drawable.name}">${drawable.text}</span>`;
}

function renderFooter(sections: SectionedAttributes): SafeHtml | '' {
  const avatar = sections.avatar?.[0];
  const identifier = sections.identifier?.[0];
  if (!avatar && !identifier) return '';
  return html`<div class="preview-footer">${avatar ? renderAvatar(avatar) : ''}${identifier ? renderIdentifier(identifier) : ''}</div>`;
}

function renderAvatar(drawable: Drawable): SafeHtml | '' {
  if (drawable.kind === 'media') {
    const src = httpUrl(drawable.src);
    return src
      ? html`<img class="avatar" src="${src}" alt="${drawable.name}" referrerpolicy="no-referrer">`
      : '';
  }
  if (drawable.kind === 'text')
    return html`<span class="avatar avatar-text" title="${drawable.name}">${drawable.text.slice(0, 2)}</span>`;
  return '';
}

export function renderIdentifier(drawable: Drawable): SafeHtml | '' {
  if (drawable.kind === 'text')
    return html`<span class="identifier" title="${drawable.name}">${drawable.text}</span>`;
  if (drawable.kind === 'media') {
    const src = httpUrl(drawable.src);
    return src
      ? html`<img class="identifier-icon" src="${src}" alt="${drawable.name}" referrerpolicy="no-referrer">`
      : '';
  }
  return '';
}

function renderEmbed(drawable: Drawable): SafeHtml | '' {
  if (drawable.kind !== 'media') return '';
  const src = httpUrl(drawable.src);
  if (!src) return '';
  switch (drawable.subtype) {
    case 'image':
      return html`<div class="preview-embed"><img src="${src}" alt="${drawable.name}" referrerpolicy="no-referrer"></div>`;
    case 'video':
      return html`<div class="preview-embed"><video src="${src}" controls preload="metadata"></video></div>`;
    case 'audio':
      return html`<div class="preview-embed"><audio src="${src}" controls preload="metadata"></audio></div>`;
    // The integration's page runs in a sandbox without our origin: it cannot touch the workspace.
    case 'html':
    case 'pdf':
      return html`<div class="preview-embed"><iframe src="${src}" title="${drawable.name}" sandbox="allow-scripts allow-popups allow-forms" referrerpolicy="no-referrer" loading="lazy"></iframe></div>`;
  }
}
