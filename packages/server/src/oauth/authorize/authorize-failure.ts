import { bodyRefusal, type RefusedError } from '../../http/body-refusal.js';

/** The HTML error page a failure on the authorize or consent page is shown as. */
export interface AuthorizeFailurePage {
  status: number;
  title: string;
  message: string;
  /** Our own failure: its cause goes to the log (never to the page). */
  unexpected: boolean;
}

/**
 * What a person's browser sees when the authorize or consent page fails before or inside its handler (a form
 * that cannot be read, too many requests, our own failure): an HTML page with the status, as every other answer
 * of these pages, never the JSON body the protocol endpoints use. The status comes from the same decision the
 * protocol endpoints make (`bodyRefusal`); the rate limit's 429 keeps its message, which says when to retry.
 *
 * @example authorizeFailurePage({ statusCode: 413, message: 'Request body is too large' }).status // 413
 */
export function authorizeFailurePage(error: RefusedError): AuthorizeFailurePage {
  if (error.statusCode === 429) {
    return { status: 429, title: 'Too many requests', message: error.message, unexpected: false };
  }
  const refusal = bodyRefusal(error, 'application/x-www-form-urlencoded');
  if (refusal.status >= 500) {
    return {
      status: refusal.status,
      title: 'Cannot connect',
      message: 'Something went wrong on our side. Try again in a moment, or start again from Notion.',
      unexpected: true,
    };
  }
  const message =
    refusal.status === 413
      ? 'The form sent was too large. Start again from Notion.'
      : 'The form sent could not be read. Start again from Notion.';
  return { status: refusal.status, title: 'Cannot connect', message, unexpected: false };
}
