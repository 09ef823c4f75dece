/**
 * Whether a parsed JSON value nests arrays and objects deeper than `maxDepth`, walked without recursion: the
 * value may be 10,000 levels deep, which a recursive walk (or `JSON.stringify`) overflows the stack on. The walk
 * stops at the first path that is too deep.
 *
 * @example nestedDeeperThan([[[1]]], 2) // true
 */
export function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > maxDepth) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
