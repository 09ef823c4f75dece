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

  it('recognises an object returned again only while it still has the text it was validated with', () => {
    const cached = [title('Cached'), dev('Acme')];
    const first = validateForSending(cached);
    expect(first.ok).toBe(true);
    expect(validateForSending(cached)).toEqual({
      ok: true,
      attributes: first.attributes,
      json: first.json,
      errors: [],
    });
    // The resolver edits its cached answer in place: the new text is what is validated and sent.
    (cached[0] as { inline: { title: { value: string } } }).inline.title.value = 'Edited';
    const edited = validateForSending(cached);
    expect(edited.ok).toBe(true);
    expect(edited.json).toContain('"Edited"');
    // …and an edit that makes it invalid is refused, every time, although the same object was valid before.
    cached.shift();
    for (let i = 0; i < 2; i++) {
      const refused = validateForSending(cached);
      expect(refused.ok).toBe(false);
      expect(refused.errors.map((issue) => issue.code)).toContain('missing_title');
    }
    // Back to a text known valid: a hit again, with that text's own answer.
    cached.unshift(title('Cached'));
    expect(validateForSending(cached).json).toBe(first.json);
  });

  it('validates what JSON cannot key (a cycle) as before', () => {
    const cyclic: Record<string, unknown> = { id: 'title' };
    cyclic.self = cyclic;
    expect(validateForSending([cyclic]).ok).toBe(false);
  });
});
