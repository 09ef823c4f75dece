import { describe, expect, it } from 'vitest';
import { date, title } from './builders.js';

/* The builders' memo of valid attributes, seen from the builders: same verdicts, however often called. */

describe('builders with remembered verdicts', () => {
  it('builds the same valid attribute again, equal each time', () => {
    const first = title('Fix login bug');
    const again = title('Fix login bug');
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('still refuses an invalid attribute every time, also after a valid one of the same id', () => {
    date({ id: 'due', name: 'Due', value: '2024-05-01', section: 'secondary' });
    for (let i = 0; i < 3; i++) {
      expect(() => date({ id: 'due', name: 'Due', value: 'not a date', section: 'secondary' })).toThrow(
        /UNFURLKIT_ATTRIBUTE_INVALID|due/,
      );
    }
  });
});
