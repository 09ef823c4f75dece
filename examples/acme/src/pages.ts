import { escapeHtml } from '@unfurlkit/core/http';

/* Acme's two pages, as escaped HTML strings. */

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;background:#f6f6f3;margin:0}
main{max-width:24rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:10px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
label{display:block;margin-top:1rem}input{font:inherit;width:100%;padding:.4rem;box-sizing:border-box}
button{font:inherit;margin-top:1.5rem;padding:.5rem 1.25rem;background:#2e6be6;color:#fff;border:0;border-radius:6px}
.error{color:#b00020}
.account{max-width:28rem;margin:1rem auto -3rem;text-align:right;font-size:.9rem;color:#555}
.account form{display:inline}.account button{margin:0 0 0 .5rem;padding:.2rem .75rem;font-size:.9rem}`;

/**
 * Every Acme page: the signed-in person and a way to sign out on top (a POST form: a sign-out link could be
 * followed by any site), so a second demo person can take over the same browser.
 */
function layout(title: string, body: string, user?: string): string {
  const account = user
    ? `<div class="account">Signed in as <strong data-testid="acme-user">${escapeHtml(user)}</strong><form method="post" action="/logout"><button type="submit">Sign out</button></form></div>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${account}<main>${body}</main></body></html>`;
}

export function signInPage(next: string, error?: string, user?: string): string {
  return layout(
    'Sign in to Acme',
    `<h1>Sign in to Acme</h1>
    ${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
    <form method="post" action="/login">
      <input type="hidden" name="next" value="${escapeHtml(next)}">
      <label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
      <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>
    <p>Demo users: <code>alice</code> / <code>alice</code> and <code>bob</code> / <code>bob</code>.</p>`,
    user,
  );
}

export function homePage(user: string | undefined): string {
  return layout(
    'Acme',
    `<h1>Acme</h1>
    ${user ? '' : '<p>Not signed in. <a href="/login">Sign in</a></p>'}
    <p>Paste <code>https://acme.com/items/23487</code> in Notion (or the emulator) to see its preview.</p>`,
    user,
  );
}

/** The edit form of one item (Acme's own page; saving it updates the Notion previews of the item). */
export function editPage(
  item: { id: string; title: string; status: string; color: string; description: string; private: boolean },
  saved = false,
  user?: string,
): string {
  const option = (value: string) =>
    `<option value="${escapeHtml(value)}"${value === item.status ? ' selected' : ''}>${escapeHtml(value)}</option>`;
  return layout(
    `Edit Acme item #${item.id}`,
    `<h1>Acme item #${escapeHtml(item.id)}</h1>
    ${saved ? '<p role="status">Saved. Its Notion previews update in a moment.</p>' : ''}
    <form method="post" action="/items/${escapeHtml(item.id)}/edit">
      <label for="title">Title</label><input id="title" name="title" value="${escapeHtml(item.title)}" required>
      <label for="status">Status</label><select id="status" name="status">${['Open', 'In progress', 'Done'].map(option).join('')}</select>
      <label for="color">Color</label><input id="color" name="color" type="color" value="${escapeHtml(item.color)}">
      <label for="description">Description</label><input id="description" name="description" value="${escapeHtml(item.description)}">
      <label><input type="checkbox" name="private" value="true"${item.private ? ' checked' : ''}> Private</label>
      <button type="submit">Save</button>
    </form>`,
    user,
  );
}
