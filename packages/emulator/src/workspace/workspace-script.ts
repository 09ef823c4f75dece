import type { FastifyInstance } from 'fastify';

/**
 * The workspace page's only script, served from our origin (`/assets/workspace.js`, CSP `script-src
 * 'self'`): it listens to `/events` (SSE) and, on each change, replaces the live region with the freshly
 * rendered fragment, so a PATCH shows without a reload. It refetches on (re)connect too, which closes the gap
 * between the page render and the stream opening.
 */
export const WORKSPACE_SCRIPT = `'use strict';
(function () {
  var live = document.getElementById('live');
  if (!live || !('EventSource' in window)) return;
  var timer = null;
  var version = 0;
  function refresh() {
    var mine = ++version;
    fetch('/fragments/live', { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (text === null || mine !== version) return;
        live.innerHTML = text;
        document.body.setAttribute('data-live-updates', String(Number(document.body.getAttribute('data-live-updates') || '0') + 1));
      })
      .catch(function () {});
  }
  function schedule() { if (timer) clearTimeout(timer); timer = setTimeout(refresh, 30); }
  var source = new EventSource('/events');
  source.addEventListener('change', schedule);
  source.addEventListener('open', schedule);
})();
`;

/** `GET /assets/workspace.js`: the script above, from our own origin so the CSP can forbid inline scripts. */
export function registerWorkspaceScriptRoute(app: FastifyInstance): void {
  app.get('/assets/workspace.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(WORKSPACE_SCRIPT),
  );
}
