import { describe, expect, expectTypeOf, it } from 'vitest';
import { isUnfurlkitError, UnfurlkitError } from '../errors/unfurlkit-error.js';
import type { Attribute } from './attribute.js';
import {
  audio,
  color,
  date,
  datetime,
  dev,
  enumValue,
  html,
  image,
  pdf,
  plainText,
  title,
  toRgb,
  video,
} from './builders.js';
import { validateAttributes } from './validate-attributes.js';

/** Runs `build` and returns what it threw, failing the test when it did not throw. */
function thrown(build: () => unknown): UnfurlkitError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(UnfurlkitError);
    return error as UnfurlkitError;
  }
  throw new Error('expected the builder to throw');
}

describe('builders: output', () => {
  it('title writes the attribute of SPEC §3', () => {
    expect(title('Fix login bug')).toEqual({
      id: 'title',
      name: 'Title',
      type: 'inline',
      inline: { title: { value: 'Fix login bug', section: 'title' } },
    });
    expect(title('T', { id: 'heading', name: 'Heading' })).toMatchObject({ id: 'heading', name: 'Heading' });
  });

  it('dev writes the required dev attribute (SPEC §7.2)', () => {
    expect(dev('Acme Inc')).toEqual({
      id: 'dev',
      name: 'Developer Name',
      type: 'inline',
      inline: { plain_text: { value: 'Acme Inc', section: 'secondary' } },
    });
    expect(dev('Acme Inc', 'Made by').name).toBe('Made by');
  });

  it('plainText keeps the value, newlines included', () => {
    expect(plainText({ id: 'owner', name: 'Owner', value: 'a\nb', section: 'body' })).toEqual({
      id: 'owner',
      name: 'Owner',
      type: 'inline',
      inline: { plain_text: { value: 'a\nb', section: 'body' } },
    });
  });

  it('date takes a YYYY-MM-DD string or the UTC day of a Date', () => {
    expect(date({ id: 'due', name: 'Due', value: '2024-05-01', section: 'secondary' }).inline).toEqual({
      date: { value: '2024-05-01', section: 'secondary' },
    });
    // 23:30 in New York on 1 May is 2 May in UTC.
    const late = new Date('2024-05-01T23:30:00-04:00');
    expect(date({ id: 'due', name: 'Due', value: late, section: 'primary' }).inline).toEqual({
      date: { value: '2024-05-02', section: 'primary' },
    });
  });

  it('datetime takes an ISO string or a Date', () => {
    const at = new Date(Date.UTC(2024, 4, 1, 12, 0, 0, 250));
    expect(datetime({ id: 'at', name: 'At', value: at, section: 'secondary' }).inline).toEqual({
      datetime: { value: '2024-05-01T12:00:00.250Z', section: 'secondary' },
    });
    expect(
      datetime({ id: 'at', name: 'At', value: '2024-05-01T12:00:00+02:00', section: 'primary' }).inline,
    ).toEqual({ datetime: { value: '2024-05-01T12:00:00+02:00', section: 'primary' } });
  });

  it('enumValue defaults to section primary and converts a hex colour', () => {
    expect(enumValue({ id: 'status', name: 'Status', value: 'Open', color: '#2f9e44' })).toEqual({
      id: 'status',
      name: 'Status',
      type: 'inline',
      inline: { enum: { value: 'Open', color: { r: 47, g: 158, b: 68 }, section: 'primary' } },
    });
    const plain = enumValue({ id: 'status', name: 'Status', value: 'Open' });
    expect(plain.inline).toEqual({ enum: { value: 'Open', section: 'primary' } });
    expect('color' in (plain.inline as { enum: object }).enum).toBe(false);
  });

  it('color accepts hex or {r,g,b}', () => {
    expect(color({ id: 'color', name: 'Color', value: '#eb4034', section: 'background' }).inline).toEqual({
      color: { value: { r: 235, g: 64, b: 52 }, section: 'background' },
    });
    expect(
      color({ id: 'icon', name: 'Icon', value: { r: 1, g: 2, b: 3 }, section: 'entity' }).inline,
    ).toEqual({
      color: { value: { r: 1, g: 2, b: 3 }, section: 'entity' },
    });
  });

  it.each([
    ['image', image],
    ['video', video],
    ['audio', audio],
    ['html', html],
    ['pdf', pdf],
  ] as const)('%s writes an embed in section embed by default', (subtype, build) => {
    expect(build({ id: 'm', name: 'Media', src: 'https://acme.com/m' })).toEqual({
      id: 'm',
      name: 'Media',
      type: 'embed',
      embed: { src_url: 'https://acme.com/m', [subtype]: { section: 'embed' } },
    });
  });

  it('image may go in identifier, entity or avatar', () => {
    for (const section of ['identifier', 'entity', 'avatar'] as const) {
      expect(image({ id: 'i', name: 'I', src: 'https://acme.com/a.png', section }).embed).toEqual({
        src_url: 'https://acme.com/a.png',
        image: { section },
      });
    }
  });

  it('builds a whole set that validates in send mode, unchanged and without warnings', () => {
    const set: Attribute[] = [
      title('Fix login bug'),
      dev('Acme Inc'),
      plainText({ id: 'owner', name: 'Owner', value: 'alice', section: 'primary' }),
      plainText({ id: 'key', name: 'Key', value: 'ACME-1', section: 'identifier' }),
      plainText({ id: 'who', name: 'Who', value: 'A', section: 'avatar' }),
      plainText({ id: 'body', name: 'Body', value: 'Long\ntext', section: 'body' }),
      date({ id: 'due', name: 'Due', value: '2024-02-29', section: 'secondary' }),
      datetime({ id: 'updated', name: 'Updated', value: new Date(0), section: 'primary' }),
      enumValue({ id: 'status', name: 'Status', value: 'Open', color: '#fff' }),
      color({ id: 'bg', name: 'Background', value: '#000', section: 'background' }),
      color({ id: 'icon', name: 'Icon', value: '#123456', section: 'entity' }),
      image({ id: 'cover', name: 'Cover', src: 'https://acme.com/c.png' }),
      image({ id: 'avatar', name: 'Avatar', src: 'https://acme.com/a.png', section: 'avatar' }),
      video({ id: 'clip', name: 'Clip', src: 'https://acme.com/clip.mp4' }),
      audio({ id: 'memo', name: 'Memo', src: 'http://acme.com/memo.mp3' }),
      html({ id: 'chart', name: 'Chart', src: 'https://acme.com/embed/chart/1' }),
      pdf({ id: 'invoice', name: 'Invoice', src: 'https://acme.com/invoices/1.pdf' }),
    ];
    expect(validateAttributes(set, { mode: 'send' })).toEqual({
      ok: true,
      attributes: set,
      errors: [],
      warnings: [],
    });
  });
});

describe('builders: refusals throw UNFURLKIT_ATTRIBUTE_INVALID', () => {
  it.each([
    ['an empty title', () => title('')],
    ['a 2,001-character title', () => title('x'.repeat(2_001))],
    ['an empty id', () => title('T', { id: '' })],
    ['a 2,001-character dev', () => dev('x'.repeat(2_001))],
    ['an impossible date', () => date({ id: 'due', name: 'Due', value: '2024-02-30', section: 'primary' })],
    ['a two-digit year', () => date({ id: 'due', name: 'Due', value: '24-1-1', section: 'primary' })],
    [
      'an Invalid Date as date',
      () => date({ id: 'due', name: 'Due', value: new Date('nope'), section: 'primary' }),
    ],
    [
      'a datetime that is not one',
      () => datetime({ id: 'at', name: 'At', value: 'yesterday', section: 'primary' }),
    ],
    [
      'an Invalid Date as datetime',
      () => datetime({ id: 'at', name: 'At', value: new Date(Number.NaN), section: 'secondary' }),
    ],
    [
      'a channel of 300',
      () => color({ id: 'c', name: 'C', value: { r: 300, g: 0, b: 0 }, section: 'background' }),
    ],
    [
      'a fractional channel',
      () => color({ id: 'c', name: 'C', value: { r: 1.5, g: 0, b: 0 }, section: 'entity' }),
    ],
    ['a colour name', () => color({ id: 'c', name: 'C', value: 'red', section: 'background' })],
    ['a bad enum colour', () => enumValue({ id: 's', name: 'S', value: 'Open', color: '#12' })],
    ['an ftp URL', () => image({ id: 'i', name: 'I', src: 'ftp://acme.com/a.png' })],
    ['a relative URL', () => pdf({ id: 'p', name: 'P', src: '/invoices/1.pdf' })],
    [
      'a 2,001-character URL',
      () => video({ id: 'v', name: 'V', src: `https://acme.com/${'a'.repeat(1_984)}` }),
    ],
  ])('refuses %s', (_, build) => {
    const error = thrown(build);
    expect(error.code).toBe('UNFURLKIT_ATTRIBUTE_INVALID');
    expect(isUnfurlkitError(error, 'UNFURLKIT_ATTRIBUTE_INVALID')).toBe(true);
  });

  it('names the attribute and the place of the problem', () => {
    const error = thrown(() => date({ id: 'due', name: 'Due', value: '2024-02-30', section: 'primary' }));
    expect(error.message).toContain('"due"');
    expect(error.message).toContain('$[0].inline.date.value');
  });

  it('refuses, at run time, a section a JavaScript caller got wrong (a type error in TypeScript)', () => {
    const error = thrown(() =>
      // @ts-expect-error: a date cannot go in the body
      date({ id: 'due', name: 'Due', value: '2024-05-01', section: 'body' }),
    );
    expect(error.message).toContain('cannot go in section "body"');
    expect(() =>
      // @ts-expect-error: the background takes only a colour
      plainText({ id: 'p', name: 'P', value: 'x', section: 'background' }),
    ).toThrow(UnfurlkitError);
    expect(() =>
      // @ts-expect-error: a video only goes in the embed section
      video({ id: 'v', name: 'V', src: 'https://acme.com/v.mp4', section: 'avatar' }),
    ).toThrow(UnfurlkitError);
  });

  it('types each section parameter as the sections of SPEC §7.2', () => {
    expectTypeOf<Parameters<typeof date>[0]['section']>().toEqualTypeOf<'primary' | 'secondary'>();
    expectTypeOf<Parameters<typeof color>[0]['section']>().toEqualTypeOf<'entity' | 'background'>();
    expectTypeOf<Parameters<typeof enumValue>[0]['section']>().toEqualTypeOf<'primary' | undefined>();
    expectTypeOf<Parameters<typeof pdf>[0]['section']>().toEqualTypeOf<'embed' | undefined>();
  });
});

describe('toRgb', () => {
  it.each([
    ['#eb4034', { r: 235, g: 64, b: 52 }],
    ['#EB4034', { r: 235, g: 64, b: 52 }],
    ['#000000', { r: 0, g: 0, b: 0 }],
    ['#ffffff', { r: 255, g: 255, b: 255 }],
    ['#abc', { r: 0xaa, g: 0xbb, b: 0xcc }],
    ['#F0a', { r: 255, g: 0, b: 170 }],
  ])('reads %s', (hex, rgb) => {
    expect(toRgb(hex)).toEqual(rgb);
  });

  it.each(['', '#', '#ab', '#abcd', '#abcde', '#abcdefa', 'red', '#ggg', '#12345g', 'rgb(1,2,3)', ' #abc'])(
    'refuses %j with UNFURLKIT_ATTRIBUTE_INVALID',
    (value) => {
      const error = thrown(() => toRgb(value));
      expect(error.code).toBe('UNFURLKIT_ATTRIBUTE_INVALID');
      expect(error.message).toContain(JSON.stringify(value).slice(1, -1));
    },
  );

  it('passes an {r,g,b} through', () => {
    const rgb = { r: 1, g: 2, b: 3 };
    expect(toRgb(rgb)).toBe(rgb);
  });
});
