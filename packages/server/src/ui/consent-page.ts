import { html, page } from './html.js';

export interface ConsentView {
  productName: string;
  accountName: string;
  scopes: readonly string[];
  formAction: string;
  requestId: string;
  csrfToken: string;
  /** The product's sign-out endpoint and where to come back to: shown as "Not you? Sign out". */
  signOut?: { action: string; next: string };
}

/**
 * The consent interstitial (SPEC §2 step 2): names the product, the person and the scopes, and posts Allow or
 * Deny with the pending request's id and a CSRF token. Framing is refused by the page's headers.
 */
export function consentPage(view: ConsentView): string {
  return page(
    `Connect ${view.productName} to Notion`,
    html`<h1>Notion wants to show previews of your ${view.productName} links</h1>
      <p>Signed in as <strong data-testid="account-name">${view.accountName}</strong>.</p>
      ${
        view.signOut
          ? html`<form method="post" action="${view.signOut.action}" class="not-you">
        <input type="hidden" name="next" value="${view.signOut.next}">
        <p class="muted">Not you? <button type="submit" class="link" data-testid="sign-out">Sign out</button></p>
      </form>`
          : ''
      }
      <p>If you allow it, links to ${view.productName} that you paste in Notion show their title and details,
      as you would see them in ${view.productName}, and stay up to date.</p>
      ${
        view.scopes.length > 0
          ? html`<p>Permissions requested: ${view.scopes.map((scope, i) => html`${i > 0 ? ', ' : ''}<code data-testid="scope">${scope}</code>`)}</p>`
          : ''
      }
      <form method="post" action="${view.formAction}">
        <input type="hidden" name="request_id" value="${view.requestId}">
        <input type="hidden" name="csrf" value="${view.csrfToken}">
        <div class="actions">
          <button type="submit" name="decision" value="allow" class="primary">Allow</button>
          <button type="submit" name="decision" value="deny">Deny</button>
        </div>
      </form>
      <p class="muted">You can disconnect at any time from Notion's "My connections".</p>`,
  );
}
