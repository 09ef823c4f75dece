/*
 * `@unfurlkit/core/redos-policy`: the ReDoS policy and the asynchronous screening, without the analyser, for code
 * that reaches recheck's diagnostics its own way (the server asks recheck's native agent directly) and must
 * reach the same verdicts, under the same keys, as `@unfurlkit/core/redos`. Loads no recheck code.
 */
export type { Diagnostics as RecheckDiagnostics } from 'recheck';
export { ANALYSIS_TIMEOUT_MS, verdictOf } from './redos-policy.js';
export { type AsyncRedosAnalyser, screenPatternWith } from './screen-pattern-with.js';
