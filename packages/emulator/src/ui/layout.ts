import { html, type SafeHtml } from './html.js';

export type Tab = 'workspace' | 'settings' | 'lab' | 'traffic';

/** The frame of every page: navigation, one stylesheet, scripts only from our own origin (CSP). */
export function layout(options: { title: string; tab: Tab; body: SafeHtml; scripts?: string[] }): string {
  const tab = (id: Tab, href: string, label: string) =>
    html`<a href="${href}"${options.tab === id ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · unfurlkit emulator</title>
<link rel="stylesheet" href="/assets/emulator.css">
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<header class="topbar">
  <span class="brand">unfurlkit <small>Notion emulator</small></span>
  <nav>${tab('workspace', '/', 'Workspace')}${tab('settings', '/settings', 'Settings')}${tab('lab', '/lab', 'Link Preview Lab')}${tab('traffic', '/traffic', 'Traffic')}</nav>
</header>
<main>
${options.body}
</main>
</body>
</html>`.value;
}
