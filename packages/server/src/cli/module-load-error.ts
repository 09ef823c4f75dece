import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../package/package-files.js';

/**
 * One line for a config module that failed to load, `file:line:col message`, without the bundler's or the
 * loader's stack frames: the place to fix, in the editor's 1-based line and column.
 *
 * - tsx (esbuild) refuses TypeScript with "Transform failed …\n<file>:<line>:<col>: ERROR: <message>"; esbuild's
 *   column counts from 0.
 * - Node refuses JavaScript with a SyntaxError that carries no place at all: `node --check` gives it.
 * - Any other error thrown while the module runs: its first frame in a file of the project, when there is one.
 *
 * @example describeModuleLoadError(transformError, '/app/integration.ts') // '/app/integration.ts:5:25 Expected identifier but found ","'
 */
export function describeModuleLoadError(
  error: unknown,
  modulePath: string,
  checkSyntax: (path: string) => string = nodeCheck,
): string {
  const message = error instanceof Error ? error.message : String(error);
  const esbuild = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(message);
  if (message.startsWith('Transform failed') && esbuild) {
    const [, file, line, column, text] = esbuild;
    return `${file}:${line}:${Number(column) + 1} ${text}`;
  }
  const name = error instanceof Error ? error.name : 'Error';
  if (name === 'SyntaxError' && !/\.(c|m)?tsx?$/.test(modulePath)) {
    const located = locateSyntaxError(checkSyntax(modulePath));
    if (located) return `${located.file}:${located.line}:${located.column} ${located.message}`;
  }
  const frame = firstProjectFrame(error instanceof Error ? error.stack : undefined);
  // The first line only, without the loader's namespace queries ("Require stack: …?namespace=…").
  const summary = (message.split('\n')[0] ?? '').replace(/\?(tsx-)?namespace=[\w-]+/g, '');
  return `${frame ?? modulePath} ${name}: ${summary}`;
}

/** Reads `node --check`'s report: "<file>:<line>", the source line, a caret under the column, the error. */
export function locateSyntaxError(
  report: string,
): { file: string; line: number; column: number; message: string } | undefined {
  const lines = report.split('\n');
  const head = /^(.+):(\d+)$/.exec(lines[0] ?? '');
  const caret = lines.findIndex((text, index) => index > 0 && /^\s*\^+\s*$/.test(text));
  const error = lines.find((text) => /^\w*Error: /.test(text));
  if (!head || caret < 0 || !error) return undefined;
  return {
    file: head[1]!,
    line: Number(head[2]),
    column: lines[caret]!.indexOf('^') + 1,
    message: error.replace(/^SyntaxError: /, ''),
  };
}

/** This package's folder: its own frames (the loader) are not the place to fix. */
const OWN_PACKAGE = `${packageRoot()}/`;

/**
 * The first `file:line:col` of a stack that is a plain file of the project: not a loader's data: URL, not in
 * node_modules, not in this package.
 */
function firstProjectFrame(stack: string | undefined): string | undefined {
  for (const match of (stack ?? '').matchAll(/[\s(](file:\/\/[^\s()]+?|\/[^\s()]+?):(\d+):(\d+)\)?$/gm)) {
    const [, where, line, column] = match;
    const file = where!.startsWith('file://') ? fileURLToPath(where!) : where!;
    if (!file.includes('/node_modules/') && !file.startsWith(OWN_PACKAGE)) return `${file}:${line}:${column}`;
  }
  return undefined;
}

/** Node's own syntax report for a JavaScript file (it exits 1 and writes it on stderr). */
function nodeCheck(path: string): string {
  try {
    execFileSync(process.execPath, ['--check', path], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 10_000,
    });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? '');
  }
}
