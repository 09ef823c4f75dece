import type { AST } from '@eslint-community/regexpp';
import { type CodePointSet, intersects, matchableCodePoints } from './matchable-code-points.js';

/**
 * A proof, in a few microseconds and without the ReDoS analyser, that a backtracking engine matches a pattern in
 * linear time, for the shape most URL patterns have: `^`, a sequence of single characters, classes and greedy
 * repeats of them (ungrouped, or in groups that are neither repeated nor alternated), `$`. It is conservative:
 * false means "not proven", never "unsafe"; such a pattern goes to the analyser.
 *
 * The condition: flags at most `u` and `s` (case folding would widen every set), and every repeat whose count
 * can vary matches no character that what follows it could match next, up to and including the first part that
 * must match a character (or `$`, which matches none).
 *
 * Why that suffices: with `^` (and no `m` flag) a match is attempted from position 0 only; every other start
 * fails at `^` at once. Single characters and classes match in at most one way, so the only choices are how
 * many times each repeat runs. A greedy repeat runs until the first character outside its set (or its maximum);
 * when the engine backtracks into it, the character it gives back is in its set, hence not in anything that can
 * match next, and not the end of the input `$` needs: what follows fails within O(pattern) steps without
 * consuming. So only the first, greedy path consumes input, every other choice along it dies in O(pattern), and
 * the whole match is O(input × pattern): recheck calls such a pattern safe (linear or constant).
 *
 * `flags` are the ones given to the analyser (`d` dropped, `v` read as `u`).
 */
export function provablyLinear(ast: AST.Pattern, flags: string): boolean {
  if (![...flags].every((flag) => flag === 'u' || flag === 's')) return false;
  if (ast.alternatives.length !== 1) return false;
  const elements = ast.alternatives[0]!.elements;
  if (elements.length < 2) return false;
  const [first, last] = [elements[0]!, elements[elements.length - 1]!];
  if (!isAssertion(first, 'start') || !isAssertion(last, 'end')) return false;
  const steps: Step[] = [];
  if (!flatten(elements.slice(1, -1), flags.includes('s'), steps)) return false;
  return steps.every((step, index) => step.min === step.max || nothingNextOverlaps(steps, index));
}

/** One part of the flattened pattern: a character it matches, between `min` and `max` times. */
interface Step {
  set: CodePointSet;
  min: number;
  max: number;
}

function isAssertion(element: AST.Element, kind: 'start' | 'end'): boolean {
  return element.type === 'Assertion' && element.kind === kind;
}

/**
 * Appends the steps of `elements` to `steps`, opening groups that are neither repeated nor alternated (they
 * only capture, which changes no choice). False for anything else that is not a one-character atom or a greedy
 * repeat of one. Groups with modifiers (`(?i:…)`) are refused: they change what their atoms match.
 */
function flatten(elements: readonly AST.Element[], dotAll: boolean, steps: Step[]): boolean {
  for (const element of elements) {
    if (element.type === 'CapturingGroup' || (element.type === 'Group' && element.modifiers === null)) {
      if (element.alternatives.length !== 1) return false;
      if (!flatten(element.alternatives[0]!.elements, dotAll, steps)) return false;
    } else if (element.type === 'Quantifier') {
      const set = element.greedy ? matchableCodePoints(element.element, dotAll) : undefined;
      if (!set) return false;
      steps.push({ set, min: element.min, max: element.max });
    } else {
      const set = matchableCodePoints(element, dotAll);
      if (!set) return false;
      steps.push({ set, min: 1, max: 1 });
    }
  }
  return true;
}

/**
 * Whether the characters of `steps[index]` are disjoint from everything that could match the next character:
 * the steps after it up to and including the first that must match at least once. Reaching `$` ends the walk.
 */
function nothingNextOverlaps(steps: readonly Step[], index: number): boolean {
  const { set } = steps[index]!;
  for (const next of steps.slice(index + 1)) {
    if (intersects(set, next.set)) return false;
    if (next.min > 0) return true;
  }
  return true;
}
