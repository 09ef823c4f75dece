import type { NotionIntegrationSettings } from '@unfurlkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { EmulatorSettingsInput } from '../../src/settings/settings-schema.js';

/**
 * The settings JSON is a protocol-level shape shared through core (`unfurlkit settings` prints it; the emulator
 * takes it): the two types must stay interchangeable, so neither package needs the other.
 */
describe('the emulator settings and core NotionIntegrationSettings', () => {
  it('are the same shape both ways (checked by the type-check of the tests)', () => {
    expectTypeOf<NotionIntegrationSettings>().toExtend<EmulatorSettingsInput>();
    expectTypeOf<EmulatorSettingsInput>().toExtend<NotionIntegrationSettings>();
  });
});
