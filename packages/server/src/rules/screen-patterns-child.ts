import { writeSync } from 'node:fs';
import type { RedosVerdict } from '@unfurlkit/core';
import { screenPatternAsync } from '@unfurlkit/core/redos-screening';

/*
 * Run as its own short-lived process by `screenPatternsAside`: reads `[{ source, flags }]` as JSON on stdin,
 * screens each pattern (loading the ReDoS analyser here, not in the server), and prints the ReDoS verdicts it
 * reached as JSON `[[key, verdict]]` on stdout. Everything the analyser needed goes away when it exits.
 */

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const patterns = JSON.parse(await readStdin()) as Array<{ source: string; flags: string }>;
const verdicts: Array<[string, RedosVerdict]> = [];
const recorder = {
  get: () => undefined,
  set: (key: string, verdict: RedosVerdict) => void verdicts.push([key, verdict]),
};
// One after the other, as the server's own screening does: each pattern has the analyser's whole time limit to
// itself (analysed together, a few slow patterns could each run out of it and be screened again in the server).
for (const { source, flags } of patterns) await screenPatternAsync(source, flags, recorder);
// Written synchronously (all of it, however the pipe takes it), then gone: nothing the analyser started (its agent
// process) may keep this one waiting.
const output = Buffer.from(JSON.stringify(verdicts));
for (let written = 0; written < output.length; ) written += writeSync(1, output, written);
process.exit(0);
