import { describe, expect, it } from 'vitest';
import { clone, DEV, TITLE } from '../../test/fixtures.js';
import { formatJsonPath, type ValidationIssue } from '../validation/validation-issue.js';
import { LIMITS } from './limits.js';
import { validateAttributes } from './validate-attributes.js';

const located = (issues: readonly ValidationIssue[]) =>
  issues.map((issue) => `${issue.code} ${formatJsonPath(issue.path)}`);

/** Notion's own reference example of a relation attribute. */
const NOTION_RELATION = {
  id: 'state',
  name: 'State',
  type: 'relation',
  relation: { uri: 'acme:item_state/open', mention: { section: 'primary' } },
};

const nameless = { id: 'who', type: 'inline', inline: { plain_text: { value: 'Ada', section: 'primary' } } };
const localTime = {
  id: 'at',
  name: 'At',
  type: 'inline',
  inline: { datetime: { value: '2024-05-01T12:00:00', section: 'secondary' } },
};
const longText = {
  id: 'body',
  name: 'Body',
  type: 'inline',
  inline: { plain_text: { value: 'x'.repeat(LIMITS.maxStringLength + 1), section: 'body' } },
};

describe('what Notion draws but unfurlkit does not send (receive, send, strict)', () => {
  const set = () => [clone(TITLE), clone(DEV), NOTION_RELATION, nameless, localTime, longText];
  const expected = [
    'relation_uri_not_http $[2].relation.uri',
    'missing_name $[3].name',
    'datetime_without_offset $[4].inline.datetime.value',
    'string_too_long $[5].inline.plain_text.value',
  ];

  it('receive: each is a warning, and the attribute is kept (a missing name becomes "")', () => {
    const report = validateAttributes(structuredClone(set()), { mode: 'receive' });
    expect(report.ok).toBe(true);
    expect(located(report.warnings)).toEqual(expected);
    expect(report.attributes.map((a) => a.id)).toEqual(['title', 'dev', 'state', 'who', 'at', 'body']);
    expect(report.attributes[3]!.name).toBe('');
    expect(report.warnings[0]!.message).toContain('acme:item_state/open');
  });

  it('send and strict: each is an error, and the attribute is left out', () => {
    for (const mode of ['send', 'strict'] as const) {
      const report = validateAttributes(structuredClone(set()), { mode });
      expect(report.ok).toBe(false);
      expect(located(report.errors)).toEqual(expected);
      expect(report.attributes.map((a) => a.id)).toEqual(['title', 'dev']);
    }
  });

  it('receive warns about more than 100 attributes; strict refuses them', () => {
    const many = Array.from({ length: LIMITS.maxAttributes + 1 }, (_, i) => ({
      id: `a${i}`,
      name: 'A',
      type: 'inline',
      inline: { plain_text: { value: 'v', section: 'body' } },
    }));
    const input = [clone(TITLE), clone(DEV), ...many];
    expect(located(validateAttributes(structuredClone(input), { mode: 'receive' }).warnings)).toEqual([
      'too_many_attributes $',
    ]);
    expect(located(validateAttributes(structuredClone(input), { mode: 'strict' }).errors)).toEqual([
      'too_many_attributes $',
    ]);
  });

  it('strict turns every other warning into an error too: a missing type or dev', () => {
    const { type: _, ...untyped } = clone(TITLE);
    const report = validateAttributes([untyped], { mode: 'strict' });
    expect(report.warnings).toEqual([]);
    expect(located(report.errors)).toEqual(['missing_type $[0].type', 'missing_title $', 'missing_dev $']);
  });
});
