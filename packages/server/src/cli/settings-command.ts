import { parseArgs } from 'node:util';
import { DEFAULT_PATHS } from '../config/config.js';
import { envSchema } from '../config/env-schema.js';
import { urlHost } from '../http/url-host.js';
import { deriveNotionSettings } from '../settings/notion-settings.js';
import { formatSettingsText } from '../settings/settings-text.js';
import type { CliIo } from './cli-io.js';
import { loadIntegrationModule } from './load-integration-module.js';

const HELP = `unfurlkit settings --config <module> [--public-url <url>] [--format json|text]

Prints what Notion's integration dashboard needs, derived from the integration itself: External Authorization
Setup (authorize and token URLs, client id and secret, scopes, Deleted Token Callback URL) and Unfurling
Domain & Patterns (domain, callback URL, every rule with its samples and placeholders).

--format json (the default) prints the emulator's settings JSON: save it and start the emulator with
\`unfurlkit-emulator --settings settings.json\`, or PUT it to the emulator's /api/settings.
--format text prints the same values under the dashboard's labels.

The public URL is --public-url, else PUBLIC_URL, else http://HOST:PORT. OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET
and OAUTH_SCOPES come from the environment, NOTION_CLIENT_ID and NOTION_CLIENT_SECRET too when set. The output
holds the client secret: treat it as one.`;

/** `unfurlkit settings`: 0 when printed, 1 when the module or a flag is unusable. */
export async function runSettings(args: string[], io: CliIo, env = process.env): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string', short: 'c' },
      'public-url': { type: 'string' },
      format: { type: 'string', default: 'json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (!values.config) {
    io.err(`--config is required\n\n${HELP}`);
    return 1;
  }
  if (values.format !== 'json' && values.format !== 'text') {
    io.err(`--format is json or text, got "${values.format}"`);
    return 1;
  }
  const publicUrl = resolvePublicUrl(values['public-url'], env);
  if ('problem' in publicUrl) {
    io.err(publicUrl.problem);
    return 1;
  }
  const integration = await loadIntegrationModule(values.config);
  const derived = deriveNotionSettings({
    integration,
    publicUrl: publicUrl.url,
    paths: DEFAULT_PATHS,
    oauth: {
      clientId: env.OAUTH_CLIENT_ID?.trim(),
      clientSecret: env.OAUTH_CLIENT_SECRET?.trim(),
      scopes: envSchema.shape.OAUTH_SCOPES.parse(env.OAUTH_SCOPES || undefined),
    },
    notion: { clientId: env.NOTION_CLIENT_ID?.trim(), clientSecret: env.NOTION_CLIENT_SECRET?.trim() },
  });
  if (values.format === 'text') io.out(formatSettingsText(derived));
  else {
    io.out(JSON.stringify(derived.settings, null, 2));
    for (const warning of derived.warnings) io.err(`warning: ${warning}`);
  }
  if (derived.missing.length > 0) {
    io.err(
      `not set: ${derived.missing.join(', ')}; set them as for \`unfurlkit serve\` (the emulator refuses settings without a client id and secret)`,
    );
  }
  return 0;
}

/** The public URL the settings point Notion at: the flag, PUBLIC_URL, or the address `serve` would listen on. */
function resolvePublicUrl(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): { url: string } | { problem: string } {
  const given = flag ?? (env.PUBLIC_URL || undefined);
  if (given !== undefined) {
    const parsed = URL.canParse(given) ? new URL(given) : undefined;
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      const name = flag !== undefined ? '--public-url' : 'PUBLIC_URL';
      return { problem: `${name} must be an absolute http(s) URL, got "${given}"` };
    }
    return { url: given.replace(/\/+$/, '') };
  }
  const port = envSchema.shape.PORT.safeParse(env.PORT || undefined);
  const host = env.HOST?.trim() || '127.0.0.1';
  return port.success
    ? { url: `http://${urlHost(host)}:${port.data}` }
    : { problem: 'PORT must be a port number, 0–65535' };
}
