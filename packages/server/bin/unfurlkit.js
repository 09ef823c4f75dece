#!/usr/bin/env node
import { runCli } from '../bundle/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
// The command is done (serve: shut down within SHUTDOWN_TIMEOUT_MS). Anything still holding the event loop open
// (a socket a product's code left behind) must not keep the process from exiting, as an orchestrator expects.
setTimeout(() => process.exit(), 2_000).unref();
