import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The relative-import graph of a source tree, read with a regular expression (no compiler needed): every
 * `import … from './x.js'`, `export … from './x.js'`, `import './x.js'` and `import('./x.js')`, type-only
 * imports included, since a cycle of types is still a cycle a reader has to untangle.
 */
export interface ImportGraph {
  /** The folder the paths are relative to, e.g. `packages/server/src`. */
  root: string;
  /** Each file (relative to `root`, `/`-separated) → the files it imports. */
  edges: Map<string, Set<string>>;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+|\.{1,2})['"]/gm;

/** The relative specifiers a TypeScript source imports or re-exports from. */
export function relativeSpecifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((match) => match[1]!);
}

function listTypeScript(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return listTypeScript(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveSpecifier(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((candidate) => candidate.endsWith('.ts') && existsSync(candidate));
}

const posix = (path: string) => path.split(sep).join('/');

/** Reads every `.ts` file under `root` (tests beside the code included) and the relative imports between them. */
export function readImportGraph(root: string): ImportGraph {
  const edges = new Map<string, Set<string>>();
  for (const file of listTypeScript(root)) {
    const targets = new Set<string>();
    for (const specifier of relativeSpecifiers(readFileSync(file, 'utf8'))) {
      const target = resolveSpecifier(file, specifier);
      if (target?.startsWith(root + sep)) targets.add(posix(relative(root, target)));
    }
    edges.set(posix(relative(root, file)), targets);
  }
  return { root, edges };
}

/** The folder of a file relative to the root: `notion-api/token.ts` → `notion-api`, `index.ts` → `.`. */
export function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
}

/** The graph between folders: an edge wherever a file of one imports a file of another. */
export function folderGraph(graph: ImportGraph): Map<string, Set<string>> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph.edges) {
    const from = folderOf(file);
    const out = folders.get(from) ?? new Set<string>();
    for (const target of targets) if (folderOf(target) !== from) out.add(folderOf(target));
    folders.set(from, out);
  }
  return folders;
}

/**
 * The graph between folders with each subfolder counted in: for every import, an edge between the two siblings
 * that separate the files, under the deepest folder holding both. A sibling is a subfolder with everything below
 * it (`oauth/**`) or a folder's own files (`oauth`). So `oauth/token/x.ts` importing `unfurl/y.ts` while
 * `unfurl/z.ts` imports `oauth/bearer/w.ts` is a cycle `oauth/**` ↔ `unfurl/**`, and a folder's own files
 * importing a file anywhere below a subfolder that imports them back is one too.
 *
 * @example
 * folderTreeGraph({ root: 'src', edges: new Map([['a/b/x.ts', new Set(['c/y.ts'])]]) }); // a/** → c/**
 */
export function folderTreeGraph(graph: ImportGraph): Map<string, Set<string>> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph.edges) {
    for (const target of targets) {
      const edge = separatingSiblings(folderOf(file), folderOf(target));
      if (!edge) continue;
      const out = folders.get(edge[0]) ?? new Set<string>();
      folders.set(edge[0], out.add(edge[1]));
    }
  }
  return folders;
}

/** The two siblings under the deepest common folder of `from` and `to`, or undefined for the same folder. */
function separatingSiblings(from: string, to: string): [string, string] | undefined {
  const a = from === '.' ? [] : from.split('/');
  const b = to === '.' ? [] : to.split('/');
  let depth = 0;
  while (depth < a.length && depth < b.length && a[depth] === b[depth]) depth += 1;
  if (depth === a.length && depth === b.length) return undefined;
  const common = a.slice(0, depth).join('/');
  const sibling = (parts: string[]) =>
    depth < parts.length ? `${common ? `${common}/` : ''}${parts[depth]}/**` : common || '.';
  return [sibling(a), sibling(b)];
}

/**
 * The cycles of a directed graph, as its strongly connected components of more than one node (plus nodes
 * that import themselves), each sorted, found with Tarjan's algorithm.
 */
export function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || edges.get(node)?.has(node)) cycles.push(component.sort());
  };

  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}
