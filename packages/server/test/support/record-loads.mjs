// Preloaded with `node --import` by a test: appends every module URL this process resolves to the file named
// by UNFURLKIT_TEST_LOADS, so the test can tell which modules the serving process loaded: ES modules through the
// loader's resolve hook, CommonJS ones (`require`, also inside a package an ES module imported) through
// CommonJS's own resolution, which on Node 20 the hook does not see.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';

register('./record-loads-hooks.mjs', import.meta.url);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function recordResolved(...args) {
  const file = resolveFilename.apply(this, args);
  if (process.env.UNFURLKIT_TEST_LOADS && isAbsolute(file))
    appendFileSync(process.env.UNFURLKIT_TEST_LOADS, `${pathToFileURL(file).href}\n`);
  return file;
};
