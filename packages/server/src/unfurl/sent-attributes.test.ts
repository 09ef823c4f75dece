import { dev, title } from '@unfurlkit/core';
import { describe, expect, it } from 'vitest';
import { validateForSending } from './sent-attributes.js';

describe('validateForSending', () => {
  it('refuses an invalid answer every time, also after the same text was valid once', () => {
    const valid = [title('Remembered'), dev('Acme')];
    expect(validateForSending(valid).ok).toBe(true);
    const withoutTitle = [dev('Acme')];
    for (let i = 0; i < 3; i++) {
      const report = validateForSending(withoutTitle);
      expect(report.ok).toBe(false);
      expect(report.errors.map((issue) => issue.code)).toContain('missing_title');
    }
    expect(validateForSending(valid).ok).toBe(true);
  });

  it('sends the same normalised set for a remembered answer, without freezing the resolver’s objects', () => {
    const answer = [title('Same text'), dev('Acme')];
    const first = validateForSending(answer);
    const again = validateForSending(JSON.parse(JSON.stringify(answer)));
    expect(again).toEqual({ ok: true, attributes: first.attributes, json: first.json, errors: [] });
    // The text sent is the normalised set's, not the resolver's (a missing `type` filled in, say).
    expect(again.json).toBe(JSON.stringify(first.attributes));
    expect(Object.isFrozen(answer[0])).toBe(false);
  });

  it('validates what JSON cannot key (a cycle) as before', () => {
    const cyclic: Record<string, unknown> = { id: 'title' };
    cyclic.self = cyclic;
    expect(validateForSending([cyclic]).ok).toBe(false);
  });
});
