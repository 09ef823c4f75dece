import type { Attribute, UnfurlErrorValue } from '@unfurlkit/core';
import type { UnfurlFailure } from '../store/external-object-store.js';

/**
 * `placeholder`: waiting (no connection yet, or no answer yet); `ready`: attributes drawn; `error`: an error
 * operation applies; `failed`: the integration's answer was unusable (an error card); `link`: no
 * integration's rule matches the link, so Notion shows a plain link card with its URL (nothing fetched).
 */
export type PreviewStateName = 'placeholder' | 'ready' | 'error' | 'failed' | 'link';

/** One preview block as drawn and as `GET /api/previews` reports it. */
export interface PreviewState {
  id: string;
  person: string;
  connectionId: string | null;
  /** The integration whose rule matched the link, and its name; both null for a plain link. */
  integrationId: string | null;
  integrationName: string | null;
  uri: string;
  state: PreviewStateName;
  /** What the integration sent (null while waiting). */
  attributes: Attribute[] | null;
  /** The rule's placeholder attributes, `$<group>` substituted. */
  placeholder: Attribute[];
  error: UnfurlErrorValue | null;
  failure: UnfurlFailure | null;
  warnings: string[];
  updatedAt: number | null;
}
