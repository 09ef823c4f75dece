import type { ServerContext } from '../../../context/server-context.js';
import type { AuthorizeFailure } from './authorize-outcome.js';
import type { AuthorizeParams } from './authorize-params.js';

/**
 * One rule of the authorize endpoint: undefined when it holds, the failure otherwise. A leaf of its own so the
 * checks and the ordered list that runs them (`authorize-check.ts`) do not import each other.
 */
export type AuthorizeCheck = (
  params: AuthorizeParams,
  context: ServerContext,
) => AuthorizeFailure | undefined;
