import { safeEqual } from '@unfurlkit/core/http';
import { z } from 'zod';
import type { CodeExchangeOutcome } from '../../notion/exchange-code.js';
import type { AuthorizationRequestRecord } from '../../store/store.js';
import type { PersonResult } from './authenticate-person.js';
import { csrfHash } from './browser-binding.js';
import { type AuthorizeAnswer, backToNotion } from './checks/authorize-outcome.js';

/**
 * The consent answer (SPEC §2 steps 3–5) as a series of pure decisions, one per fact the handler reads: each
 * returns the answer to send, or lets the handler go on to the next read. Order matters: nothing about the person
 * is asked before the form is proved to come from the page we showed, and the request is claimed (once only)
 * before Notion's code is spent.
 */

const consentFormSchema = z.object({
  request_id: z.string().min(1).max(200),
  csrf: z.string().min(1).max(200),
  decision: z.enum(['allow', 'deny']),
});

export type ConsentForm = z.infer<typeof consentFormSchema>;

const cannotConnect = (status: number, message: string): AuthorizeAnswer => ({
  kind: 'page',
  status,
  title: 'Cannot connect',
  message,
});

const ALREADY_ANSWERED: AuthorizeAnswer = {
  kind: 'page',
  status: 409,
  title: 'Already answered',
  message: 'This request was already answered. Start again from Notion.',
};

/** Back to Notion for this pending request (its redirect_uri and state). */
function back(pending: AuthorizationRequestRecord, params: Record<string, string>): AuthorizeAnswer {
  return backToNotion(pending.redirectUri, params, pending.state ?? undefined);
}

/**
 * Step 1, the form as posted: complete, or a 400 page.
 * @example readConsentForm({ request_id: 'r', csrf: 'c', decision: 'allow' }) // { form: {...} }
 */
export function readConsentForm(body: unknown): { form: ConsentForm } | AuthorizeAnswer {
  const parsed = consentFormSchema.safeParse(body);
  return parsed.success ? { form: parsed.data } : cannotConnect(400, 'The consent form was incomplete.');
}

/**
 * Step 2, the pending request the form names: it exists and this form proves the browser it was shown in (else
 * 403), it was not answered yet (else 409), and it is still in time (else back to Notion with access_denied).
 */
export function checkPendingRequest(facts: {
  form: ConsentForm;
  pending: AuthorizationRequestRecord | undefined;
  /** The browser-binding cookie, '' when absent. */
  binding: string;
  now: number;
}): { pending: AuthorizationRequestRecord } | AuthorizeAnswer {
  const { form, pending, binding, now } = facts;
  if (!pending || !safeEqual(csrfHash(form.csrf, binding), pending.csrfHash)) {
    return cannotConnect(403, 'This consent form is not valid here. Start again from Notion.');
  }
  if (pending.usedAt !== null) return ALREADY_ANSWERED;
  if (now >= pending.expiresAt) {
    return back(pending, {
      error: 'access_denied',
      error_description: 'The consent page expired; connect again from Notion',
    });
  }
  return { pending };
}

/** Step 3, who is signed in now: the person the page was shown to, or a 403 page. */
export function checkSamePerson(
  person: PersonResult,
  pending: AuthorizationRequestRecord,
): AuthorizeAnswer | undefined {
  if ('account' in person && person.account.id === pending.accountId) return undefined;
  return cannotConnect(403, 'You are no longer signed in as the person this page was for.');
}

/**
 * Step 4, after claiming the request: another answer won the claim (409), Deny goes back to Notion with
 * access_denied, Allow goes on to exchange Notion's code.
 */
export function decideConsent(
  claimed: boolean,
  form: ConsentForm,
  pending: AuthorizationRequestRecord,
): AuthorizeAnswer | { kind: 'exchange' } {
  if (!claimed) return ALREADY_ANSWERED;
  if (form.decision === 'deny') {
    return back(pending, { error: 'access_denied', error_description: 'The person denied the request' });
  }
  return { kind: 'exchange' };
}

/** Step 5, the exchange failed: back to Notion with its OAuth error, so the person starts again from there. */
export function exchangeFailed(
  failure: Extract<CodeExchangeOutcome, { ok: false }>,
  pending: AuthorizationRequestRecord,
): AuthorizeAnswer {
  return back(pending, { error: failure.error, error_description: failure.description });
}

/** Step 6, our code issued: back to Notion with it. */
export function codeAnswer(pending: AuthorizationRequestRecord, code: string): AuthorizeAnswer {
  return back(pending, { code });
}
