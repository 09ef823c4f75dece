/**
 * unfurlkit/testing: run an integration against the Notion emulator from a test suite (vitest, jest, node:test).
 * Needs `@unfurlkit/emulator` as a dev dependency. See docs/testing.md.
 */
export type { Delivery } from './deliveries.js';
export { EMULATOR_INSTALL_HINT } from './load-emulator.js';
export {
  startTestbed,
  type Testbed,
  type TestbedOptions,
  type TestbedPerson,
} from './start-testbed.js';
export { TESTBED_ACCOUNT_HEADER } from './testbed-sign-in.js';
