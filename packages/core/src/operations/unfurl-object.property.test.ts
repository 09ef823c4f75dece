import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validSetArb, webUrlArb } from '../../test/arbitraries.js';
import type { Attribute } from '../attributes/attribute.js';
import { attributesAnswerJson, attributesOperation, unfurlObject } from './unfurl-object.js';

describe('attributesAnswerJson (properties)', () => {
  it('is byte for byte JSON.stringify of the answer object, for any uri and attribute set', () => {
    fc.assert(
      fc.property(fc.oneof(webUrlArb, fc.string()), validSetArb, (uri, set) => {
        const expected = JSON.stringify(
          unfurlObject(uri, [attributesOperation(set as unknown as Attribute[])]),
        );
        expect(attributesAnswerJson(uri, JSON.stringify(set))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('escapes a uri with quotes, backslashes, control and lone surrogate characters as JSON.stringify does', () => {
    for (const uri of [
      'https://a.example/"x"',
      'https://a.example/\\',
      'line\nbreak',
      '\ud800',
      '</script>',
    ]) {
      const set = [{ id: 'title', name: 'Title', type: 'inline', inline: { title: { value: uri } } }];
      const answer = attributesAnswerJson(uri, JSON.stringify(set));
      expect(answer).toBe(JSON.stringify({ uri, operations: [{ path: ['attributes'], set }] }));
      expect(JSON.parse(answer).uri).toBe(uri);
    }
  });
});
