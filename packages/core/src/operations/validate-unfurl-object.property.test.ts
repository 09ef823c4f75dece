import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, nearValidSetArb, validSetArb, webUrlArb } from '../../test/arbitraries.js';
import { formatJsonPath } from '../validation/validation-issue.js';
import { validateUnfurlObject } from './validate-unfurl-object.js';

const MODES = ['send', 'receive'] as const;
const errorValueArb = fc.record({
  status: fc.integer({ min: 400, max: 599 }),
  message: fc.string({ maxLength: 50 }),
});

/** A valid message: an attributes operation, an error operation, or both, in either order. */
const validMessageArb = fc
  .record({
    uri: webUrlArb,
    attributes: fc.option(validSetArb, { nil: undefined }),
    error: fc.option(errorValueArb, { nil: undefined }),
    errorFirst: fc.boolean(),
  })
  .filter(({ attributes, error }) => attributes !== undefined || error !== undefined)
  .map(({ uri, attributes, error, errorFirst }) => {
    const operations: unknown[] = [];
    if (attributes) operations.push({ path: ['attributes'], set: attributes });
    if (error) operations[errorFirst ? 'unshift' : 'push']({ path: ['error'], set: error });
    return { message: { uri, operations }, attributes, error };
  });

describe('validateUnfurlObject (properties)', () => {
  it('accepts every generated valid message and returns its parts', () => {
    fc.assert(
      fc.property(validMessageArb, fc.constantFrom(...MODES), ({ message, attributes, error }, mode) => {
        const report = validateUnfurlObject(structuredClone(message), { mode, expectedUri: message.uri });
        expect(report.errors).toEqual([]);
        expect(report.ok).toBe(true);
        expect(report.uri).toBe(message.uri);
        expect(report.attributes).toEqual(attributes);
        expect(report.error).toEqual(error);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on arbitrary input, and its report is consistent', () => {
    const nearValidMessage = fc
      .tuple(
        validMessageArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([{ message }, picks, replacement]) => mutate(message, picks, replacement));
    const input = fc.oneof(
      fc.anything(),
      fc.jsonValue(),
      fc.record({
        uri: fc.oneof(webUrlArb, fc.jsonValue()),
        operations: fc.array(fc.jsonValue({ maxDepth: 3 })),
      }),
      nearValidSetArb.map((set) => ({
        uri: 'https://acme.com/1',
        operations: [{ path: ['attributes'], set }],
      })),
      nearValidMessage,
    );
    fc.assert(
      fc.property(
        input,
        fc.constantFrom(...MODES),
        fc.option(webUrlArb, { nil: undefined }),
        (value, mode, expectedUri) => {
          const report = validateUnfurlObject(value, { mode, expectedUri });
          expect(report.ok).toBe(report.errors.length === 0);
          if (report.ok) expect(report.attributes !== undefined || report.error !== undefined).toBe(true);
          for (const issue of [...report.errors, ...report.warnings]) {
            expect(formatJsonPath(issue.path)).toMatch(/^\$/);
            expect(['uri', 'operations']).toContain(issue.path[0] ?? 'operations');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
