import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CHECKS } from '../conformance/checks/check-registry.js';
import { ConformanceUsageError, conformanceOptions } from '../conformance/conformance-args.js';
import { failsAt } from '../conformance/report/conformance-report.js';
import { junitReport } from '../conformance/report/junit-report.js';
import { terminalReport } from '../conformance/report/terminal-report.js';
import { ConformanceSetupError, runConformance } from '../conformance/run-conformance.js';
import { packageVersion } from './package-version.js';

export const CONFORMANCE_HELP = `Usage: unfurlkit-emulator conformance --settings <file.json> --user <name:password> [options]

Plays Notion against an integration (in any language) and checks it, rule by rule, against the Link Preview
protocol and RFC 6749 / 6750 / 9700. Serves Notion's API on --port: start the integration with
NOTION_API_URL=http://127.0.0.1:<port>, the settings file's notionClientId/notionClientSecret as
NOTION_CLIENT_ID/NOTION_CLIENT_SECRET, and http://127.0.0.1:<port>/externalIntegrationAuthCallback among its
allowed redirect URIs. Signs in with Chromium (fills the username or email and password fields, presses
Allow, Authorize, Approve, Accept or Connect).

Options:
  --settings <file>       the integration's settings in the emulator's format (one integration)
  --user <name:password>  a person of the product; give it twice for the cross-person checks
  --forbidden <uri>       a link the first person may not see
  --missing <uri>         a link to nothing
  --change-hook "<cmd>"   a shell command that changes the data behind the first sample ($CONFORMANCE_URI)
  --fuzz <n>              hostile requests to send (default 2000; 0 = none)
  --json [file]           the report as JSON, to the file or to stdout
  --junit <file>          the report as JUnit XML
  --only <id,...>         run only these checks
  --fail-on must|should   exit 1 when a check of this grade or above fails (default must)
  --timeout <s>           time limit of each call, page and wait (default 15)
  --port <n>              port of Notion's API (default 4000)
  --host <host>           interface it listens on (default 127.0.0.1; 0.0.0.0 for an integration elsewhere)
  --public-url <url>      where the integration and the browser reach it (default http://<host>:<port>);
                          the redirect_uri is <url>/externalIntegrationAuthCallback
  --slow                  also run the checks that wait (an expired code: 10 minutes)
  --advance-clock "<cmd>" instead of waiting, a shell command that moves the integration's clock forward
                          by $CONFORMANCE_ADVANCE_SECONDS (for integrations with a test clock)
  --authorize-hook <file> a module exporting async ({ page, authorizeUrl, user, action }) => void that signs in
                          and answers the consent page instead of the built-in form filling
  --chromium <path>       the browser (env CHROMIUM_PATH, default /usr/bin/chromium)

Exit codes: 0 passed (at the --fail-on grade), 1 a check failed, 2 a usage or setup error.
`;

interface ConformanceIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
}

/** `unfurlkit-emulator conformance …`: the run, the reports, the exit code. */
export async function runConformanceCommand(argv: string[], io: ConformanceIo): Promise<number> {
  let parsed: Awaited<ReturnType<typeof conformanceOptions>>;
  try {
    parsed = await conformanceOptions(argv, io.env);
    const unknown = (parsed.options?.only ?? []).filter(
      (id) => !CHECKS.some((c) => c.id === id.toUpperCase()),
    );
    if (unknown.length > 0)
      throw new ConformanceUsageError(`--only: no check has the id ${unknown.join(', ')}`);
  } catch (error) {
    if (!(error instanceof ConformanceUsageError)) throw error;
    io.err(
      `unfurlkit-emulator conformance: ${error.message}\n\nRun "unfurlkit-emulator conformance --help" for the options.\n`,
    );
    return 2;
  }
  const { options, outputs } = parsed;
  if (outputs.help || !options) {
    io.out(CONFORMANCE_HELP);
    return 0;
  }
  try {
    const { report, results } = await runConformance(options, packageVersion());
    const human = terminalReport(options.settings.name, results, io.isTty && !outputs.jsonToStdout);
    if (outputs.jsonToStdout) {
      io.out(`${JSON.stringify(report, null, 2)}\n`);
      io.err(human);
    } else {
      io.out(human);
    }
    if (outputs.jsonFile) await writeFile(resolve(outputs.jsonFile), `${JSON.stringify(report, null, 2)}\n`);
    if (outputs.junitFile)
      await writeFile(resolve(outputs.junitFile), junitReport(options.settings.name, results));
    return failsAt(results, options.failOn) ? 1 : 0;
  } catch (error) {
    if (!(error instanceof ConformanceSetupError)) throw error;
    io.err(`unfurlkit-emulator conformance: ${error.message}\n`);
    return 2;
  }
}
