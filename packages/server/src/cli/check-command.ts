import type { CliIo } from './cli-io.js';
import { parseConfigArgs } from './config-args.js';
import { loadIntegrationModule } from './load-integration-module.js';

const HELP = `unfurlkit check --config <module>

Checks every URL rule of the integration: the pattern compiles, is anchored (^…$) and cannot backtrack
catastrophically; every sample URL matches; placeholders name existing groups and form valid attributes.
Exits 0 when all rules pass, 1 with the reasons otherwise.`;

export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const options = parseConfigArgs(args);
  if (options.help) {
    io.out(HELP);
    return 0;
  }
  if (!options.config) {
    io.err(`--config is required\n\n${HELP}`);
    return 1;
  }
  const integration = await loadIntegrationModule(options.config);
  // Loaded here, not at the top: the CLI's entry imports this file, and `serve` must not load the analyser.
  const { checkUrlRules } = await import('@unfurlkit/core/redos');
  const results = checkUrlRules(integration.rules, 'every');
  let failed = 0;
  for (const result of results) {
    if (result.problems.length === 0) io.out(`ok    rule "${result.name}"`);
    else {
      failed += 1;
      io.out(`FAIL  rule "${result.name}"`);
      for (const problem of result.problems) io.out(`      - ${problem}`);
    }
    for (const warning of result.warnings) io.out(`      warning: ${warning}`);
  }
  io.out(failed === 0 ? `${results.length} rule(s) ok` : `${failed} of ${results.length} rule(s) failed`);
  return failed === 0 ? 0 : 1;
}
