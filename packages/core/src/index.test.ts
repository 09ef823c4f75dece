import { analyseRedos } from '@unfurlkit/core/redos';
import { describe, expect, it } from 'vitest';
import { ACME_PATTERN, ACME_SAMPLE, SPEC_UNFURL_ANSWER } from '../test/fixtures.js';
import * as core from './index.js';

describe('@unfurlkit/core public API', () => {
  it('exports the functions and constants the other packages use', () => {
    const functions = [
      'audio',
      'color',
      'date',
      'datetime',
      'dev',
      'enumValue',
      'html',
      'image',
      'pdf',
      'plainText',
      'title',
      'toRgb',
      'validateAttributes',
      'validateUnfurlObject',
      'attributesOperation',
      'errorOperation',
      'unfurlObject',
      'isUnfurlkitError',
      'UnfurlkitError',
      'notionErrorBody',
      'parseNotionError',
      'isKnownNotionVersion',
      'oauthErrorBody',
      'isAllowedRedirectUri',
      'placeholderNames',
      'substitutePlaceholders',
      'screenPattern',
      'checkUrlRule',
      'checkUrlRules',
      'compileUrlRule',
      'matchUrlRules',
      'placeholderAttributes',
      'formatIssues',
      'formatJsonPath',
      'sectionAllows',
      'sectionsFor',
    ];
    for (const name of functions)
      expect(typeof (core as Record<string, unknown>)[name], name).toBe('function');
    for (const name of [
      'LIMITS',
      'SECTION_SUBTYPES',
      'NOTION_ERROR_STATUS',
      'OAUTH_ERROR_STATUS',
      'UNFURLKIT_ERROR_CODES',
    ]) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe('object');
    }
    expect(core.LIMITS).toEqual({
      maxAttributes: 100,
      maxStringLength: 2_000,
      maxUrlLength: 2_000,
      maxPayloadBytes: 512_000,
    });
  });

  it('runs the whole flow of SPEC §1 and §3 through the public door', () => {
    const rule = core.compileUrlRule(
      { name: 'item', pattern: ACME_PATTERN, samples: [ACME_SAMPLE] },
      'every',
      {
        analyseRedos,
      },
    );
    const match = core.matchUrlRules([rule], ACME_SAMPLE);
    expect(match?.groups.itemNo).toBe('23487');
    const answer = core.unfurlObject(ACME_SAMPLE, [
      core.attributesOperation([
        core.title('Fix login bug'),
        core.dev('Acme Inc'),
        core.color({ id: 'color', name: 'Color', value: '#eb4034', section: 'background' }),
      ]),
    ]);
    expect(answer).toEqual(SPEC_UNFURL_ANSWER);
    expect(core.validateUnfurlObject(answer, { mode: 'send', expectedUri: ACME_SAMPLE }).ok).toBe(true);
  });
});
