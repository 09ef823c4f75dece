import type { Attribute } from '@unfurlkit/core';
import { escapeHtml } from '@unfurlkit/core/http';
import { describe, expect, it } from 'vitest';
import { html, httpUrl } from '../ui/html.js';
import { renderPreviewFull } from './preview-full.js';
import { renderPreviewMention } from './preview-mention.js';

const inline = (id: string, subtype: string, value: unknown, section: string): Attribute =>
  ({ id, name: id, type: 'inline', inline: { [subtype]: { value, section } } }) as Attribute;
const embed = (id: string, subtype: string, src: string, section = 'embed'): Attribute =>
  ({ id, name: id, type: 'embed', embed: { src_url: src, [subtype]: { section } } }) as Attribute;

describe('escaping', () => {
  it('escapes every interpolation unless it is already HTML', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;',
    );
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${['<x>', inner]}${null}${undefined}${false}${0}</p>`.value).toBe(
      '<p><b>&lt;i&gt;</b>&lt;x&gt;<b>&lt;i&gt;</b>0</p>',
    );
  });

  it('lets only absolute http(s) URLs through', () => {
    expect(httpUrl('https://a.example/x')).toBe('https://a.example/x');
    expect(httpUrl('javascript:alert(1)')).toBeUndefined();
    expect(httpUrl('data:text/html,<script>')).toBeUndefined();
    expect(httpUrl('/relative')).toBeUndefined();
    expect(httpUrl(42)).toBeUndefined();
  });
});

describe('renderPreviewFull and renderPreviewMention', () => {
  const set: Attribute[] = [
    inline('title', 'title', '<script>alert(1)</script>', 'title'),
    inline('dev', 'plain_text', 'Acme "Inc"', 'secondary'),
    inline('state', 'enum', 'Open', 'primary'),
    inline('due', 'date', '2024-05-01', 'secondary'),
    inline('body', 'plain_text', 'line 1\n<img src=x onerror=alert(1)>', 'body'),
    inline('id', 'plain_text', '#23487', 'identifier'),
    inline('entity', 'color', { r: 1, g: 2, b: 3 }, 'entity'),
    inline('bg', 'color', { r: 235, g: 64, b: 52 }, 'background'),
    embed('page', 'html', 'https://embed.example/x?a=1&b=<2>'),
    embed('avatar', 'image', 'https://img.example/a.png', 'avatar'),
  ];

  it('draws every section, with values escaped', () => {
    const out = renderPreviewFull(set, { fallbackTitle: 'fallback' }).value;
    expect(out).toContain('data-testid="preview-full"');
    expect(out).toContain(
      '<span class="preview-title" data-testid="preview-title">&lt;script&gt;alert(1)&lt;/script&gt;</span>',
    );
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img src=x');
    expect(out).toContain('Acme &quot;Inc&quot;');
    expect(out).toContain('May 1, 2024');
    expect(out).toContain('background:rgb(235 64 52 / 0.14)');
    expect(out).toContain('class="entity-dot" style="background:rgb(1 2 3 / 1)"');
    expect(out).toContain('<img class="avatar" src="https://img.example/a.png"');
    expect(out).toMatch(
      /<iframe src="https:\/\/embed\.example\/x\?a=1&amp;b=&lt;2&gt;" title="page" sandbox="allow-scripts allow-popups allow-forms"/,
    );
    expect(out).not.toContain('allow-same-origin');
  });

  it('draws the mention with entity, identifier and title', () => {
    const out = renderPreviewMention(set, { fallbackTitle: 'fallback' }).value;
    expect(out).toContain('data-testid="preview-mention"');
    expect(out).toContain('#23487');
    expect(out).toContain('&lt;script&gt;');
    expect(out).not.toContain('data-testid="preview-title"');
  });

  it('falls back to the uri without a title, and drops media that is not http(s)', () => {
    const out = renderPreviewFull([embed('x', 'image', 'javascript:alert(1)')], {
      fallbackTitle: 'https://a.example/1',
    }).value;
    expect(out).toContain('https://a.example/1');
    expect(out).not.toContain('javascript:');
  });
});
