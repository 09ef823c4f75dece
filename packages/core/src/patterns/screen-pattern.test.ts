import { screenPattern } from '@unfurlkit/core/redos';
import { describe, expect, it } from 'vitest';
import { ACME_PATTERN } from '../../test/fixtures.js';
import {
  type RedosAnalyser,
  type RedosVerdicts,
  screenPattern as screenPatternWith,
} from './screen-pattern.js';

/** Verdicts and an analyser that record what they are asked; the analyser calls every pattern safe. */
function recording() {
  const asked: string[] = [];
  const verdicts: RedosVerdicts = {
    get: (key) => void asked.push(`get ${key}`),
    set: (key) => void asked.push(`set ${key}`),
  };
  const analyse: RedosAnalyser = (source, flags) => {
    asked.push(`analyse /${flags}/ ${source}`);
    return { verdict: { problems: [], warnings: [] }, lasting: true };
  };
  return { asked, verdicts, analyse };
}

describe('screenPattern', () => {
  it('accepts the Acme pattern of SPEC §1 and lists its groups in order', () => {
    expect(screenPattern(ACME_PATTERN)).toEqual({
      problems: [],
      warnings: [],
      groupNames: ['site', 'itemNo'],
    });
  });

  it('lists nested and repeated group names once, in order of appearance', () => {
    const screening = screenPattern('^https:\\/\\/(?<host>(?<sub>[a-z]+)\\.acme\\.com)\\/(?:a|(?<id>\\d+))$');
    expect(screening.problems).toEqual([]);
    expect(screening.groupNames).toEqual(['host', 'sub', 'id']);
  });

  it.each(['^(abc$', '^a{2,1}$', '^(?<1x>a)$', '^[b-a]$', '^\\k<missing>$'])(
    'refuses the invalid regex %s',
    (source) => {
      const { problems } = screenPattern(source, 'u');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^not a valid JavaScript regex: /);
    },
  );

  it('requires ^ at the start and $ at the end', () => {
    expect(screenPattern('https:\\/\\/acme\\.com$').problems).toEqual(['must start with ^']);
    expect(screenPattern('^https:\\/\\/acme\\.com').problems).toEqual(['must end with $']);
    expect(screenPattern('acme').problems).toEqual(['must start with ^', 'must end with $']);
    expect(screenPattern('').problems).toEqual(['must start with ^', 'must end with $']);
    expect(screenPattern('$a^').problems).toEqual(['must start with ^', 'must end with $']);
  });

  it('requires the anchors in every top-level alternative: ^a|b$ is refused', () => {
    expect(screenPattern('^a|b$').problems).toEqual([
      'must end with $ (alternative 1)',
      'must start with ^ (alternative 2)',
    ]);
    expect(screenPattern('^a$|').problems).toEqual([
      'must start with ^ (alternative 2)',
      'must end with $ (alternative 2)',
    ]);
    expect(screenPattern('^a$|^b$').problems).toEqual([]);
    expect(screenPattern('^(?:a|b)$').problems).toEqual([]);
  });

  it('does not count anchors hidden in a group', () => {
    expect(screenPattern('(^a$)').problems).toEqual(['must start with ^', 'must end with $']);
  });

  it.each(['g', 'y', 'm'])('refuses the flag %s', (flag) => {
    const { problems } = screenPattern('^a$', flag);
    expect(problems).toEqual([`flag "${flag}" is not allowed (g, y and m change what ^ and $ mean)`]);
  });

  it('refuses g, y and m together, one problem each', () => {
    expect(screenPattern('^a$', 'gmy').problems).toHaveLength(3);
  });

  it.each(['', 'i', 's', 'u', 'v', 'd', 'iu', 'dv', 'isd'])('accepts the flags %j', (flags) => {
    expect(screenPattern('^a$', flags)).toEqual({ problems: [], warnings: [], groupNames: [] });
  });

  it('still screens a pattern with the d or v flag for backtracking', () => {
    expect(screenPattern('^(a+)+$', 'd').problems).toEqual([expect.stringContaining('exponential')]);
    expect(screenPattern('^(a+)+$', 'v').problems).toEqual([expect.stringContaining('exponential')]);
  });

  it('refuses v-flag set syntax the analysis cannot read, saying so', () => {
    expect(screenPattern('^[\\p{L}--[a-z]]+$', 'v').problems).toEqual([
      'uses set syntax of the v flag, which the ReDoS analysis cannot read; write it for the u flag',
    ]);
  });

  it('reads the pattern in unicode mode when the u flag is given', () => {
    expect(screenPattern('^\\p{L}+$', 'u')).toMatchObject({ problems: [], warnings: [] });
  });

  it.each(['^(a+)+$', '^(a|a)*$', '^(?<x>(?:a|ab)*)*c$'])(
    'refuses the exponential pattern %s, with an attack string',
    (source) => {
      const { problems } = screenPattern(source);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('can backtrack catastrophically');
      expect(problems[0]).toContain('exponential');
      expect(problems[0]).toContain('e.g.');
    },
  );

  it('refuses a 3rd-degree polynomial pattern', () => {
    const { problems, groupNames } = screenPattern('^(?<x>.*)-(?<y>.*)-(?<z>.*)$');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('3rd degree polynomial');
    expect(groupNames).toEqual(['x', 'y', 'z']);
  });

  it('accepts a 2nd-degree polynomial pattern with a warning', () => {
    const { problems, warnings } = screenPattern('^(?<x>.*)-(?<y>.*)$');
    expect(problems).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('2nd degree polynomial');
  });

  it('skips the ReDoS analysis when the pattern already has a problem', () => {
    // Exponential but unanchored: the anchor problem alone is reported.
    expect(screenPattern('(a+)+$').problems).toEqual(['must start with ^']);
  });

  it.each([
    [ACME_PATTERN, ''],
    ['^https:\\/\\/acme\\.com\\/p\\/(?<id>[^/]+)\\/x$', 'u'],
    ['^https:\\/\\/acme\\.com\\/items\\/(?<itemNo>\\d+)$', 'dv'],
  ])('accepts %s /%s/, proven linear, asking neither the verdicts nor the analyser', (source, flags) => {
    const { asked, verdicts, analyse } = recording();
    expect(screenPatternWith(source, flags, verdicts, analyse)).toMatchObject({ problems: [], warnings: [] });
    expect(screenPatternWith(source, flags)).toMatchObject({ problems: [], warnings: [] });
    expect(asked).toEqual([]);
  });

  it.each([
    ['^https:\\/\\/acme\\.com\\/(?:items|things)\\/(?<id>\\d+)$', '', ''], // an alternation
    [ACME_PATTERN, 'i', 'i'], // case folding
    [ACME_PATTERN, 'di', 'i'],
    ['^\\p{L}+$', 'u', 'u'], // a property escape
  ])('analyses %s /%s/, which is not proven, as before', (source, flags, analysedFlags) => {
    const { asked, verdicts, analyse } = recording();
    expect(screenPatternWith(source, flags, verdicts, analyse)).toMatchObject({ problems: [], warnings: [] });
    const escaped = source.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    const key = `recheck@\\S+ redos-policy-\\d+ /${analysedFlags}/ ${escaped}`;
    expect(asked).toEqual([
      expect.stringMatching(new RegExp(`^get ${key}$`)),
      `analyse /${analysedFlags}/ ${source}`,
      expect.stringMatching(new RegExp(`^set ${key}$`)),
    ]);
    expect(screenPatternWith(source, flags).problems).toEqual([
      expect.stringContaining('was not analysed for ReDoS'),
    ]);
  });
});
