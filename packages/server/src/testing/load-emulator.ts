import { UnfurlkitError } from '@unfurlkit/core';

/** The emulator's module, as far as the testbed uses it. */
export type EmulatorModule = typeof import('@unfurlkit/emulator');

/** What to install when the emulator is missing: said once, in the error and in docs/testing.md. */
export const EMULATOR_INSTALL_HINT =
  'unfurlkit/testing runs your integration against the Notion emulator, a separate package: install it with `npm install --save-dev @unfurlkit/emulator` (the same version as unfurlkit)';

/**
 * Loads `@unfurlkit/emulator` on demand. A dynamic import, so `unfurlkit` itself never depends on the emulator:
 * only projects that use `unfurlkit/testing` (or `unfurlkit dev`) install it.
 */
export async function loadEmulator(
  load: () => Promise<unknown> = () => import('@unfurlkit/emulator'),
): Promise<EmulatorModule> {
  let loaded: unknown;
  try {
    loaded = await load();
  } catch (error) {
    if (isModuleNotFound(error)) {
      throw new UnfurlkitError('UNFURLKIT_EMULATOR_MISSING', EMULATOR_INSTALL_HINT, { cause: error });
    }
    throw error;
  }
  return loaded as EmulatorModule;
}

/** Node's ESM loader says ERR_MODULE_NOT_FOUND; bundlers and test runners' loaders say MODULE_NOT_FOUND. */
export function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    String((error as Error).message).includes('@unfurlkit/emulator')
  );
}
