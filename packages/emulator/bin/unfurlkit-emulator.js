#!/usr/bin/env node
import { runEmulatorCli } from '../dist/cli/main.js';

process.exitCode = await runEmulatorCli(process.argv.slice(2));
