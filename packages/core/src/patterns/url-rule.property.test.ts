import { compileUrlRule, screenPattern } from '@unfurlkit/core/redos';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACME_PATTERN, ACME_SAMPLE, SEED_PLACEHOLDER } from '../../test/fixtures.js';
import { matchUrlRules, placeholderAttributes } from './url-rule.js';

// Compiled once: the ReDoS analysis is the slow part, matching is not.
const acme = compileUrlRule({
  name: 'item',
  pattern: ACME_PATTERN,
  samples: [ACME_SAMPLE],
  placeholder: SEED_PLACEHOLDER,
});

describe('URL rules (properties)', () => {
  it('matches the Acme URL of any item number, and fills the placeholder with it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,30}$/), (itemNo) => {
        const match = matchUrlRules([acme], `https://acme.com/items/${itemNo}`);
        expect(match?.groups).toEqual({ site: 'https://acme.com', itemNo });
        const report = placeholderAttributes(match!);
        expect(report.ok).toBe(true);
        expect(report.attributes[0]).toMatchObject({ inline: { title: { value: `Acme Item #${itemNo}` } } });
      }),
      { numRuns: 200 },
    );
  });

  it('matches no Acme URL whose item is not all digits', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }).filter((s) => !/^\d+$/.test(s)),
        (item) => {
          expect(matchUrlRules([acme], `https://acme.com/items/${item}`)).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts the escaped literal of any URL as a safe pattern that matches that URL only', () => {
    const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['https'] }), (url) => {
        const source = `^${escapeRegex(url)}$`;
        expect(screenPattern(source)).toEqual({ problems: [], warnings: [], groupNames: [] });
        const regex = new RegExp(source);
        expect(regex.test(url)).toBe(true);
        expect(regex.test(`${url}x`)).toBe(false);
      }),
      { numRuns: 15 },
    );
  });
});
