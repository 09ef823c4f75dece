import type { Attribute, UnfurlErrorValue } from '@unfurlkit/core';
import type { UnfurlFailure } from '../store/external-object-store.js';

/**
 * `placeholder`: waiting (no connection yet, or no answer yet); `ready`: attributes drawn; `error`: an error
 * operation applies; `failed`: the integration's answer was unusable (an error card).
 */
export type PreviewStateName = 'placeholder' | 'ready' | 'error' | 'failed';

/** One preview block as drawn and as `GET /api/previews` reports it. */
export interface PreviewState {
  id: string;
  person: string;
  connectionId: string | null;
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
