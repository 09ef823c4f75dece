import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Functions longer than this many lines (signature to closing brace) fail: a handler reads, decides, acts. */
const MAX_LINES = 80;

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

interface FunctionLength {
  file: string;
  line: number;
  name: string;
  lines: number;
}

describe('function length', () => {
  const functions = sourceFiles().flatMap(measureFunctions);

  it('reads the sources (a wrong root would pass vacuously)', () => {
    expect(functions.some((f) => f.file === 'packages/server/src/create-server.ts')).toBe(true);
    expect(functions.some((f) => f.file.startsWith('examples/acme/src/'))).toBe(true);
  });

  it(`keeps every function in packages/*/src and examples/*/src under ${MAX_LINES} lines`, () => {
    const tooLong = functions
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
    expect(tooLong).toEqual([]);
  });
});

/** Every `.ts` file under `packages/<name>/src` and `examples/<name>/src`, tests excluded. */
function sourceFiles(): string[] {
  const roots = ['packages', 'examples'].flatMap((group) =>
    readdirSync(join(ROOT, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(ROOT, group, entry.name, 'src')),
  );
  return roots.flatMap((root) => walk(root)).filter((file) => !file.endsWith('.test.ts'));
}

function walk(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Each function-like node with a body: where it starts (after its comments), its name, how many lines. */
function measureFunctions(path: string): FunctionLength[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const file = relative(ROOT, path).split('\\').join('/');
  const found: FunctionLength[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = functionName(node);
      found.push({ file, line: start + 1, name, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function functionName(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name && (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name))) return named.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    ts.isIdentifier(parent.name)
  )
    return parent.name.text;
  if (parent && ts.isCallExpression(parent)) return `${parent.expression.getText().slice(0, 40)}(callback)`;
  return '<anonymous>';
}
