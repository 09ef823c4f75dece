import type { ServerContext } from '../../../context/server-context.js';
import type { AuthorizeCheck } from './authorize-check-type.js';
import type { AuthorizeFailure } from './authorize-outcome.js';
import type { AuthorizeParams } from './authorize-params.js';
import { checkClientId } from './check-client-id.js';
import { checkNotionCode } from './check-notion-code.js';
import { checkRedirectUri } from './check-redirect-uri.js';
import { checkResponseType } from './check-response-type.js';
import { checkScope } from './check-scope.js';
import { checkSingleParameters } from './check-single-parameters.js';
import { checkState } from './check-state.js';

/**
 * The checks in order. Order matters: client_id and redirect_uri come first because every later failure is
 * reported by redirecting to redirect_uri, which is only safe once both are known good.
 */
export const AUTHORIZE_CHECKS: readonly AuthorizeCheck[] = [
  checkClientId,
  checkRedirectUri,
  checkSingleParameters,
  checkResponseType,
  checkScope,
  checkState,
  checkNotionCode,
];

export function runAuthorizeChecks(
  params: AuthorizeParams,
  context: ServerContext,
): AuthorizeFailure | undefined {
  for (const check of AUTHORIZE_CHECKS) {
    const failure = check(params, context);
    if (failure) return failure;
  }
  return undefined;
}
