import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorApp, type EmulatorApp } from '../../src/app/create-emulator.js';

/** Notion's own reference example of a `relation` attribute must pass the Lab as Notion receives it. */
describe('the Lab and Notion’s reference relation example', () => {
  let emulator: EmulatorApp;
  beforeAll(async () => {
    emulator = await createEmulatorApp({ logger: false });
  });
  afterAll(() => emulator.close());

  const example = {
    id: 'state',
    name: 'State',
    type: 'relation',
    relation: { uri: 'acme:item_state/open', mention: { section: 'primary' } },
  };

  const check = async (input: unknown, mode: string) =>
    (await emulator.app.inject({ method: 'POST', url: '/lab.json', payload: { input, mode } })).json<{
      ok: boolean;
      errors: Array<{ code: string }>;
      warnings: Array<{ code: string; message: string }>;
    }>();

  it('passes in receive mode with a warning that names the non-http uri, and fails in send mode', async () => {
    const received = await check(example, 'receive');
    expect(received.ok).toBe(true);
    expect(received.errors).toEqual([]);
    expect(received.warnings).toEqual([
      expect.objectContaining({
        code: 'relation_uri_not_http',
        message: expect.stringContaining('acme:item_state/open'),
      }),
    ]);
    const sent = await check(example, 'send');
    expect(sent.ok).toBe(false);
    expect(sent.errors.map((e) => e.code)).toEqual(['relation_uri_not_http']);
  });
});
