import { checkUrlRule, checkUrlRules, compileUrlRule, compileUrlRules } from '@unfurlkit/core/redos';
import { describe, expect, it } from 'vitest';
import { ACME_PATTERN, ACME_SAMPLE, clone, SEED_PLACEHOLDER } from '../../test/fixtures.js';
import { isUnfurlkitError, type UnfurlkitError } from '../errors/unfurlkit-error.js';
import {
  type CompiledUrlRule,
  matchUrlRules,
  placeholderAttributes,
  type UrlRuleDefinition,
} from './url-rule.js';

const ACME_RULE: UrlRuleDefinition = {
  name: 'item',
  pattern: ACME_PATTERN,
  samples: [ACME_SAMPLE],
  placeholder: SEED_PLACEHOLDER,
};

function rule(overrides: Partial<UrlRuleDefinition>): UrlRuleDefinition {
  return { ...ACME_RULE, placeholder: clone(SEED_PLACEHOLDER), ...overrides };
}

function compileError(definition: UrlRuleDefinition, policy?: 'every' | 'any'): UnfurlkitError {
  try {
    compileUrlRule(definition, policy);
  } catch (error) {
    expect(isUnfurlkitError(error, 'UNFURLKIT_RULE_INVALID')).toBe(true);
    return error as UnfurlkitError;
  }
  throw new Error('expected compileUrlRule to throw');
}

describe('compileUrlRule and matchUrlRules: the Acme rule of SPEC §1', () => {
  it('compiles the rule with its sample and the seed placeholder', () => {
    expect(checkUrlRule(ACME_RULE)).toEqual({ problems: [], warnings: [] });
    const compiled = compileUrlRule(ACME_RULE);
    expect(compiled).toMatchObject({
      name: 'item',
      groupNames: ['site', 'itemNo'],
      samples: [ACME_SAMPLE],
      placeholder: SEED_PLACEHOLDER,
      warnings: [],
    });
    expect(compiled.regex.source).toBe(ACME_PATTERN);
  });

  it('matches https://acme.com/items/23487 with the groups site and itemNo', () => {
    const compiled = compileUrlRule(ACME_RULE);
    expect(matchUrlRules([compiled], 'https://acme.com/items/23487')).toEqual({
      rule: compiled,
      groups: { site: 'https://acme.com', itemNo: '23487' },
    });
  });

  it.each([
    'https://acme.com/items/',
    'https://acme.com/items/12a',
    'https://acme.com/items/1/edit',
    'http://acme.com/items/1',
    'https://acme.com.evil.com/items/1',
    'https://evil.com/?https://acme.com/items/1',
    'https://acme.com/items/1\nhttps://evil.com',
    'https://ACME.com/items/1',
  ])('does not match %j', (uri) => {
    expect(matchUrlRules([compileUrlRule(ACME_RULE)], uri)).toBeUndefined();
  });

  it('fills the placeholder attributes with the groups of a match', () => {
    const match = matchUrlRules([compileUrlRule(ACME_RULE)], 'https://acme.com/items/42')!;
    const report = placeholderAttributes(match);
    expect(report.ok).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.attributes.map((a) => a.type === 'inline' && Object.values(a.inline)[0].value)).toEqual([
      'Acme Item #42',
      '42',
      'Acme Inc',
    ]);
  });

  it('reports a placeholder that lacks dev as a warning only (Notion draws it while it waits)', () => {
    const compiled = compileUrlRule(rule({ placeholder: [clone(SEED_PLACEHOLDER[0]!)] }));
    const report = placeholderAttributes(matchUrlRules([compiled], ACME_SAMPLE)!);
    expect(report.ok).toBe(true);
    expect(report.warnings.map((w) => w.code)).toEqual(['missing_dev']);
  });

  it('keeps the compiled rule independent of later changes to its definition', () => {
    const samples = [ACME_SAMPLE];
    const compiled = compileUrlRule(rule({ samples }));
    samples.push('https://acme.com/other');
    expect(compiled.samples).toEqual([ACME_SAMPLE]);
  });

  it('accepts a RegExp, flags included', () => {
    const compiled = compileUrlRule(
      rule({
        pattern: /^(?<site>https:\/\/acme\.com)\/items\/(?<itemNo>\d+)$/i,
        samples: ['https://ACME.com/items/7'],
      }),
    );
    expect(compiled.regex.flags).toBe('i');
    expect(matchUrlRules([compiled], 'https://Acme.Com/items/8')?.groups).toEqual({
      site: 'https://Acme.Com',
      itemNo: '8',
    });
  });
});

describe('matchUrlRules', () => {
  const a = compileUrlRule({
    name: 'a',
    pattern: '^https:\\/\\/acme\\.com\\/(?<kind>[a-z]+)\\/(?<id>\\d+)$',
    samples: ['https://acme.com/items/1'],
  });
  const b = compileUrlRule({
    name: 'b',
    pattern: '^https:\\/\\/acme\\.com\\/items\\/(?<itemNo>\\d+)$',
    samples: ['https://acme.com/items/1'],
  });

  it('returns the first matching rule, in the order given', () => {
    expect(matchUrlRules([a, b], 'https://acme.com/items/5')?.rule.name).toBe('a');
    expect(matchUrlRules([b, a], 'https://acme.com/items/5')?.rule.name).toBe('b');
    expect(matchUrlRules([b, a], 'https://acme.com/users/5')).toEqual({
      rule: a,
      groups: { kind: 'users', id: '5' },
    });
  });

  it('returns undefined when nothing matches, or when there are no rules', () => {
    expect(matchUrlRules([a, b], 'https://acme.com/')).toBeUndefined();
    expect(matchUrlRules([], ACME_SAMPLE)).toBeUndefined();
  });

  it('leaves out a group that did not take part in the match', () => {
    const optional = compileUrlRule({
      name: 'opt',
      pattern: '^https:\\/\\/acme\\.com\\/(?:items\\/(?<itemNo>\\d+)|home)$',
      samples: ['https://acme.com/home', 'https://acme.com/items/3'],
    });
    const match = matchUrlRules([optional], 'https://acme.com/home');
    expect(match?.groups).toEqual({});
    expect(Object.hasOwn(match!.groups, 'itemNo')).toBe(false);
  });

  it('keeps a group named __proto__ as an own value', () => {
    const compiled = compileUrlRule({
      name: 'proto',
      pattern: '^https:\\/\\/acme\\.com\\/(?<__proto__>\\d+)$',
      samples: ['https://acme.com/1'],
      placeholder: [
        {
          id: 'title',
          name: 'T',
          type: 'inline',
          inline: { title: { value: '#$<__proto__>', section: 'title' } },
        },
      ],
    });
    const match = matchUrlRules([compiled], 'https://acme.com/77')!;
    expect(Object.hasOwn(match.groups, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(match.groups, '__proto__')?.value).toBe('77');
    expect(placeholderAttributes(match).attributes[0]).toMatchObject({ inline: { title: { value: '#77' } } });
  });
});

describe('checkUrlRule: refusals with a clear problem', () => {
  it('refuses an invalid regex', () => {
    const { problems } = checkUrlRule(rule({ pattern: '^(?<site>https:\\/\\/acme\\.com$' }));
    expect(problems).toEqual([expect.stringMatching(/^pattern not a valid JavaScript regex: /)]);
  });

  it('refuses a pattern without ^ or $', () => {
    expect(checkUrlRule(rule({ pattern: ACME_PATTERN.slice(1) })).problems).toEqual([
      'pattern must start with ^',
    ]);
    expect(checkUrlRule(rule({ pattern: ACME_PATTERN.slice(0, -1) })).problems).toEqual([
      'pattern must end with $',
    ]);
  });

  it('refuses ^a|b$', () => {
    const problems = checkUrlRule(
      rule({
        pattern: '^https:\\/\\/acme\\.com\\/a|https:\\/\\/acme\\.com\\/b$',
        samples: ['https://acme.com/a'],
      }),
    ).problems;
    expect(problems).toEqual([
      'pattern must end with $ (alternative 1)',
      'pattern must start with ^ (alternative 2)',
    ]);
  });

  it.each(['g', 'y', 'm'])('refuses the flag %s', (flag) => {
    const { problems } = checkUrlRule(rule({ pattern: new RegExp(ACME_PATTERN, flag) }));
    expect(problems).toEqual([`pattern flag "${flag}" is not allowed (g, y and m change what ^ and $ mean)`]);
  });

  it.each(['^(a+)+$', '^(a|a)*$'])('refuses the exponential pattern %s', (pattern) => {
    const { problems } = checkUrlRule({ name: 'redos', pattern, samples: ['https://acme.com/'] });
    expect(problems[0]).toMatch(/^pattern can backtrack catastrophically \(exponential time/);
  });

  it('refuses a 3rd-degree polynomial pattern and accepts a 2nd-degree one with a warning', () => {
    const cubic = checkUrlRule({
      name: 'cubic',
      pattern: '^(?<x>.*)-(?<y>.*)-(?<z>.*)$',
      samples: ['https://acme.com/a-b-c'],
    });
    expect(cubic.problems).toEqual([expect.stringContaining('3rd degree polynomial')]);

    const definition = { name: 'square', pattern: '^(?<x>.*)-(?<y>.*)$', samples: ['https://acme.com/a-b'] };
    const square = checkUrlRule(definition);
    expect(square.problems).toEqual([]);
    expect(square.warnings).toEqual([expect.stringContaining('2nd degree polynomial')]);
    expect(compileUrlRule(definition).warnings).toEqual(square.warnings);
  });

  it("refuses a sample the pattern does not match under policy 'every'", () => {
    const { problems, warnings } = checkUrlRule(
      rule({ samples: [ACME_SAMPLE, 'https://acme.com/items/abc'] }),
    );
    expect(problems).toEqual(['pattern does not match sample "https://acme.com/items/abc"']);
    expect(warnings).toEqual([]);
  });

  it("only warns about such a sample under policy 'any', as long as one sample matches", () => {
    const { problems, warnings } = checkUrlRule(
      rule({ samples: [ACME_SAMPLE, 'https://acme.com/items/abc'] }),
      'any',
    );
    expect(problems).toEqual([]);
    expect(warnings).toEqual(['pattern does not match sample "https://acme.com/items/abc"']);
    expect(() =>
      compileUrlRule(rule({ samples: [ACME_SAMPLE, 'https://acme.com/items/abc'] }), 'any'),
    ).not.toThrow();
  });

  it("refuses a pattern that matches none of its samples under policy 'any' (Notion's check, SPEC §1)", () => {
    const { problems } = checkUrlRule(rule({ samples: ['https://acme.com/users/1'] }), 'any');
    expect(problems).toEqual(['pattern matches none of its sample URLs']);
  });

  it.each(['acme.com/items/1', 'ftp://acme.com/items/1', '', 'items/1'])(
    'refuses the sample %j, not a URL',
    (sample) => {
      for (const policy of ['every', 'any'] as const) {
        const { problems } = checkUrlRule(rule({ samples: [ACME_SAMPLE, sample] }), policy);
        expect(problems).toEqual([`sample ${JSON.stringify(sample)} is not an absolute http(s) URL`]);
      }
    },
  );

  it('refuses a rule without samples', () => {
    expect(checkUrlRule(rule({ samples: [] })).problems).toEqual(['needs at least one sample URL']);
  });

  it('refuses placeholders naming groups the pattern does not have', () => {
    const placeholder = clone(SEED_PLACEHOLDER);
    (placeholder[1]!.inline as { plain_text: { value: string } }).plain_text.value = '$<itemNumber> $<site>';
    const { problems } = checkUrlRule(rule({ placeholder }));
    expect(problems).toEqual([
      'placeholder uses $<itemNumber> but the pattern has no group named "itemNumber"',
    ]);
  });

  it('checks and fills placeholders naming non-ASCII groups', () => {
    const placeholder = [
      {
        id: 'title',
        name: 'T',
        type: 'inline',
        inline: { title: { value: '#$<número>', section: 'title' } },
      },
    ];
    const definition = {
      name: 'n',
      pattern: '^https:\\/\\/acme\\.com\\/(?<número>\\d+)$',
      samples: ['https://acme.com/1'],
      placeholder,
    };
    const match = matchUrlRules([compileUrlRule(definition)], 'https://acme.com/5')!;
    expect(placeholderAttributes(match).attributes[0]).toMatchObject({ inline: { title: { value: '#5' } } });
    const unknown = checkUrlRule({ ...definition, pattern: '^https:\\/\\/acme\\.com\\/(?<n>\\d+)$' });
    expect(unknown.problems).toEqual([
      'placeholder uses $<número> but the pattern has no group named "número"',
    ]);
  });

  it('refuses placeholder attributes that are invalid once filled in, saying where', () => {
    const placeholder = clone(SEED_PLACEHOLDER);
    (placeholder[1]!.inline as { plain_text: { section: string } }).plain_text.section = 'background';
    const { problems } = checkUrlRule(rule({ placeholder }));
    expect(problems).toEqual([
      expect.stringMatching(
        /^placeholder error \$\[1\]\.inline\.plain_text\.section: plain_text cannot go in section "background"/,
      ),
    ]);
  });

  it('refuses a placeholder without a title', () => {
    const { problems } = checkUrlRule(rule({ placeholder: [clone(SEED_PLACEHOLDER[2]!)] }));
    expect(problems).toEqual([expect.stringMatching(/^placeholder error \$: a set needs a title attribute/)]);
  });

  it('refuses a placeholder that is not an array', () => {
    const definition = { ...ACME_RULE, placeholder: { id: 'title' } as unknown as readonly unknown[] };
    expect(checkUrlRule(definition).problems).toEqual(['placeholder must be an array of attributes']);
  });

  it.each(['', 'has space', 'a/b', 'x'.repeat(101)])('refuses the rule name %j', (name) => {
    expect(checkUrlRule(rule({ name })).problems).toEqual([
      'name must be 1–100 letters, digits, "_", "-" or "."',
    ]);
  });
});

describe('compileUrlRule: refusal', () => {
  it('throws UNFURLKIT_RULE_INVALID listing every problem', () => {
    const definition = rule({
      name: 'bad name',
      pattern: 'https:\\/\\/acme\\.com\\/(?<id>\\d+)',
      samples: ['not a url'],
    });
    const error = compileError(definition);
    const problems = error.details.problems as string[];
    expect(problems).toEqual([
      'name must be 1–100 letters, digits, "_", "-" or "."',
      'pattern must start with ^',
      'pattern must end with $',
      'sample "not a url" is not an absolute http(s) URL',
    ]);
    for (const problem of problems) expect(error.message).toContain(problem);
    expect(error.message).toMatch(/^rule "bad name": /);
    expect(error.details.rule).toBe('bad name');
  });

  it('throws for an exponential pattern', () => {
    const error = compileError({ name: 'redos', pattern: '^(a+)+$', samples: ['https://acme.com/'] });
    expect(error.message).toContain('catastrophically');
  });
});

describe('checkUrlRules', () => {
  it('refuses a rule name used twice, on the second rule', () => {
    const checks = checkUrlRules([ACME_RULE, { ...ACME_RULE }, { ...ACME_RULE, name: 'other' }]);
    expect(checks.map((c) => c.name)).toEqual(['item', 'item', 'other']);
    expect(checks[0]!.problems).toEqual([]);
    expect(checks[1]!.problems).toEqual(['rule name "item" is used twice']);
    expect(checks[2]!.problems).toEqual([]);
  });

  it('passes the sample policy to each rule', () => {
    const definitions = [rule({ samples: [ACME_SAMPLE, 'https://acme.com/x'] })];
    expect(checkUrlRules(definitions, 'every')[0]!.problems).toHaveLength(1);
    expect(checkUrlRules(definitions, 'any')[0]!.problems).toEqual([]);
  });
});

describe('CompiledUrlRule', () => {
  it('is what compileUrlRule returns, typed', () => {
    const compiled: CompiledUrlRule = compileUrlRule(ACME_RULE);
    expect(compiled.regex.test(ACME_SAMPLE)).toBe(true);
    expect(compiled.regex.global || compiled.regex.sticky).toBe(false);
  });
});

describe('compileUrlRules', () => {
  const good = {
    name: 'item',
    pattern: '^https:\\/\\/a\\.test\\/(?<id>\\d+)$',
    samples: ['https://a.test/1'],
  };

  it('compiles a valid list, with the group names found while checking', () => {
    const [rule] = compileUrlRules([good]);
    expect(rule!.groupNames).toEqual(['id']);
    expect(rule!.regex.test('https://a.test/42')).toBe(true);
  });

  it('throws one error listing every problem of every rule, duplicate names included', () => {
    const bad = { name: 'item', pattern: 'a.test', samples: ['https://b.test/x'] };
    let thrown: unknown;
    try {
      compileUrlRules([good, bad]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'UNFURLKIT_RULE_INVALID' });
    const message = (thrown as Error).message;
    expect(message).toMatch(/^URL rules cannot work:/);
    expect(message).toContain('rule "item": pattern must start with ^');
    expect(message).toContain('rule name "item" is used twice');
  });
});
