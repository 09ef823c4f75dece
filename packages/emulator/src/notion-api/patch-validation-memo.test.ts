import { validateUnfurlObject } from '@unfurlkit/core';
import { describe, expect, it } from 'vitest';
import { PatchValidationMemo } from './patch-validation-memo.js';

const uri = 'https://acme.com/items/1';
const set = (title: string, extra: object = {}) => [
  {
    id: 'title',
    name: 'Title',
    type: 'inline',
    inline: { title: { value: title, section: 'title' } },
    ...extra,
  },
];
/** A body Notion tolerates with warnings (no `dev`), so `receive` and `strict` judge it differently. */
const tolerated = (title: string) => ({ uri, operations: [{ path: ['attributes'], set: set(title) }] });

function validateText(memo: PatchValidationMemo, body: unknown, mode: 'receive' | 'strict' = 'receive') {
  const text = JSON.stringify(body);
  return memo.validate(JSON.parse(text), text, mode);
}

describe('PatchValidationMemo', () => {
  it('answers what validateUnfurlObject answers, and the same result again for the same text', () => {
    const memo = new PatchValidationMemo();
    const first = validateText(memo, tolerated('One'));
    expect(first).toEqual(validateUnfurlObject(tolerated('One'), { mode: 'receive' }));
    expect(first.ok).toBe(true);
    expect(first.warnings.length).toBeGreaterThan(0);
    expect(validateText(memo, tolerated('One'))).toBe(first);
    expect(validateText(memo, tolerated('Two'))).not.toBe(first);
    expect(memo.size).toBe(2);
  });

  it('keys by mode: the same text is judged again in strict mode', () => {
    const memo = new PatchValidationMemo();
    expect(validateText(memo, tolerated('One'), 'receive').ok).toBe(true);
    const strict = validateText(memo, tolerated('One'), 'strict');
    expect(strict.ok).toBe(false);
    expect(strict).toEqual(validateUnfurlObject(tolerated('One'), { mode: 'strict' }));
  });

  it('refuses an invalid body every time, with the same issues', () => {
    const memo = new PatchValidationMemo();
    const bad = { uri, operations: [{ path: ['attributes'], set: set('x', { type: 'embed' }) }] };
    const first = validateText(memo, bad);
    expect(first.ok).toBe(false);
    expect(validateText(memo, bad)).toEqual(first);
  });

  it('hands out frozen results, so no caller can change what the next one gets', () => {
    const memo = new PatchValidationMemo();
    const result = validateText(memo, tolerated('One'));
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.attributes?.[0])).toBe(true);
    expect(Object.isFrozen(result.warnings)).toBe(true);
  });

  it('forgets the least recently used body past 256, and never remembers long or unkept texts', () => {
    const memo = new PatchValidationMemo();
    const first = validateText(memo, tolerated('title 0'));
    for (let index = 1; index < 256; index++) validateText(memo, tolerated(`title ${index}`));
    expect(validateText(memo, tolerated('title 0'))).toBe(first); // used again: now the most recent
    validateText(memo, tolerated('title 256')); // evicts "title 1", the least recently used
    expect(memo.size).toBe(256);
    expect(validateText(memo, tolerated('title 0'))).toBe(first);
    const second = validateText(memo, tolerated('title 1'));
    expect(validateText(memo, tolerated('title 1'))).toBe(second);

    const fresh = new PatchValidationMemo();
    const long = tolerated('x'.repeat(20_000));
    expect(validateText(fresh, long)).toEqual(validateUnfurlObject(long, { mode: 'receive' }));
    expect(fresh.validate(tolerated('One'), undefined, 'receive').ok).toBe(true);
    expect(fresh.size).toBe(0);
  });
});
