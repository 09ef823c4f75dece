import { CHECKS } from '../../../src/conformance/checks/check-registry.js';
import type { CheckResult } from '../../../src/conformance/harness/check.js';
import { runConformance } from '../../../src/conformance/run-conformance.js';
import { emulatorSettingsSchema } from '../../../src/settings/settings-schema.js';
import { freePort } from './processes.js';
import { startReferenceIntegration } from './reference-integration.js';

/** A Python one-liner that POSTs to `url` (the reference integration's control routes), for hook flags. */
const pythonPost = (url: string) =>
  `python3 -c "import os, urllib.request as u; u.urlopen(u.Request('${url}'.replace('SECONDS', os.environ.get('CONFORMANCE_ADVANCE_SECONDS', '0')), method='POST'))"`;

/**
 * The checker, in process, against the Python reference integration (RefDocs) started with `breaks`: alice
 * first (doc 2 is forbidden to her), bob second; its control routes as --change-hook and --advance-clock.
 */
export async function checkReference(
  breaks: string[],
  options: { only?: string[]; fuzz?: number } = {},
): Promise<CheckResult[]> {
  const port = await freePort();
  const reference = await startReferenceIntegration(`http://127.0.0.1:${port}`, breaks);
  try {
    const parsed = emulatorSettingsSchema.parse(reference.settings);
    const { results } = await runConformance(
      {
        settings: {
          ...parsed,
          notionClientId: parsed.notionClientId ?? '',
          notionClientSecret: parsed.notionClientSecret ?? '',
        },
        users: [
          { name: 'alice', password: 'alice-password' },
          { name: 'bob', password: 'bob-password' },
        ],
        forbidden: 'https://refdocs.test/doc/2',
        missing: 'https://refdocs.test/doc/404',
        changeHook: pythonPost(`${reference.url}/_control/change?doc=1`),
        advanceClock: pythonPost(`${reference.url}/_control/advance?seconds=SECONDS`),
        fuzz: options.fuzz ?? 0,
        failOn: 'must',
        timeoutMs: 6_000,
        port,
        slow: false,
        chromiumPath: '/usr/bin/chromium',
        ...(options.only ? { only: options.only } : {}),
      },
      'test',
    );
    return results;
  } finally {
    await reference.close();
  }
}

/** The ids of the checks of an area prefix (`LP-AUTH-0`), in registry order. */
export function idsStartingWith(...prefixes: string[]): string[] {
  return CHECKS.map((c) => c.id).filter((id) => prefixes.some((prefix) => id.startsWith(prefix)));
}
