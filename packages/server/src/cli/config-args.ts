import { parseArgs } from 'node:util';

/**
 * parseArgs with `--config` and `--help`, shared by the commands.
 *
 * @example parseConfigArgs(['--config', 'integration.ts']) // { config: 'integration.ts', help: false }
 */
export function parseConfigArgs(args: string[]): { config?: string; help: boolean } {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  return { config: values.config, help: values.help ?? false };
}
