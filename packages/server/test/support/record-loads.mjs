// Preloaded with `node --import` by a test: appends every module URL this process resolves to the file named
// by UNFURLKIT_TEST_LOADS, so the test can tell which modules the serving process loaded.
import { register } from 'node:module';

register('./record-loads-hooks.mjs', import.meta.url);
