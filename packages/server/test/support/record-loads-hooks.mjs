// Module resolution hooks for record-loads.mjs (they run on the loader's own thread).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (process.env.UNFURLKIT_TEST_LOADS) appendFileSync(process.env.UNFURLKIT_TEST_LOADS, `${resolved.url}\n`);
  return resolved;
}
