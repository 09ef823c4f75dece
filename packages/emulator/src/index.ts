/**
 * @unfurlkit/emulator: Notion's side of the Link Preview protocol, locally. `POST /v1/oauth/token` and
 * `PATCH /v1/external/object`, a workspace page where people paste links, the Link Preview Lab and a traffic
 * log, so an integration is built and tested offline.
 */

export { createEmulatorApp, type EmulatorApp, startEmulator } from './app/create-emulator.js';
export type { EmulatorOptions, RunningEmulator } from './app/options.js';
export { runEmulatorCli } from './cli/main.js';
export type { EmulatorContext } from './context/emulator-context.js';
export { checkLabInput, type LabReport } from './lab/lab-check.js';
export type { PreviewState, PreviewStateName } from './render/preview-state.js';
export {
  FAULT_STATUSES,
  type FaultSettings,
  type FaultSettingsInput,
  faultSettingsSchema,
} from './runtime/faults.js';
export { PEOPLE, type Person } from './runtime/people.js';
export type { EmulatorRandom } from './runtime/random.js';
export {
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  type RateLimitSettings,
  type RateLimitSettingsInput,
} from './runtime/rate-limiter.js';
export {
  type EmulatorSettings,
  type EmulatorSettingsInput,
  emulatorSettingsSchema,
  type UrlRuleSettings,
} from './settings/settings-schema.js';
export { SettingsRejectedError } from './settings/settings-service.js';
export { type SettingsValidation, validateSettings } from './settings/validate-settings.js';
export type { SeededConnection } from './store/load-seed.js';
export type { TrafficEntry } from './traffic/traffic-log.js';
