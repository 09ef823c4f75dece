import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/conformance/harness/browser.js';

/**
 * Browser tests drive Debian's Chromium through playwright-core (never a browser download). Shared by every
 * browser test of the repository: import `launchChromium` and `screenshotPath` from here.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The flags are the conformance checker's own: one list for every Chromium the repository starts.
export { CHROMIUM_ARGS };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** `test-output/screenshots/` at the repository root (in .gitignore). */
export const SCREENSHOT_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../test-output/screenshots',
);

/** The path for a screenshot named `name`, its folder created. */
export async function screenshotPath(name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return resolve(SCREENSHOT_DIR, name);
}
