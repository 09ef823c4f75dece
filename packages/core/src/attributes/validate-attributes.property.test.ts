import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALLOWED_PAIRS, attributeFor, nearValidSetArb, rgbArb, validSetArb } from '../../test/arbitraries.js';
import { DEV, TITLE } from '../../test/fixtures.js';
import { color, plainText, toRgb } from './builders.js';
import { validateAttributes } from './validate-attributes.js';

const RUNS = { numRuns: 200 };
const MODES = ['send', 'receive'] as const;

describe('validateAttributes (properties)', () => {
  it('accepts every generated valid set and returns it unchanged', () => {
    fc.assert(
      fc.property(validSetArb, fc.constantFrom(...MODES), (set, mode) => {
        const report = validateAttributes(structuredClone(set), { mode });
        expect(report.errors).toEqual([]);
        expect(report.ok).toBe(true);
        expect(report.attributes).toEqual(set);
        for (const warning of report.warnings) expect(warning.code).toBe('several_titles');
      }),
      RUNS,
    );
  });

  it('infers every missing type, warning once per attribute, at that attribute', () => {
    fc.assert(
      fc.property(validSetArb, fc.infiniteStream(fc.boolean()), (set, drops) => {
        const dropped: number[] = [];
        const input = set.map((attribute, index) => {
          if (!drops.next().value) return attribute;
          dropped.push(index);
          const { type: _, ...untyped } = attribute;
          return untyped;
        });
        const report = validateAttributes(input, { mode: 'receive' });
        expect(report.ok).toBe(true);
        expect(report.attributes).toEqual(set);
        const missing = report.warnings.filter((w) => w.code === 'missing_type').map((w) => w.path);
        expect(missing).toEqual(dropped.map((index) => [index, 'type']));
      }),
      { numRuns: 100 },
    );
  });

  it('lets the later of two attributes with one id win', () => {
    fc.assert(
      fc.property(validSetArb, fc.nat(), fc.string({ maxLength: 10 }), (set, pick, newName) => {
        const original = set[pick % set.length]!;
        const replacement = { ...structuredClone(original), name: `${newName}!` };
        const report = validateAttributes([...set, replacement], { mode: 'send' });
        expect(report.ok).toBe(true);
        expect(report.attributes).toHaveLength(set.length);
        expect(report.attributes.filter((a) => a.id === original.id)).toEqual([replacement]);
        expect(report.warnings.filter((w) => w.code === 'duplicate_id').map((w) => w.path)).toEqual([
          [set.length],
        ]);
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on arbitrary input, and its report is consistent', () => {
    const input = fc.oneof(
      fc.anything(),
      fc.jsonValue(),
      fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 5 }),
      nearValidSetArb,
    );
    fc.assert(
      fc.property(input, fc.constantFrom(...MODES), (value, mode) => {
        const report = validateAttributes(value, { mode, path: ['root'] });
        expect(report.ok).toBe(report.errors.length === 0);
        for (const issue of [...report.errors, ...report.warnings]) {
          expect(issue.path[0]).toBe('root');
          expect(issue.message.length).toBeGreaterThan(0);
        }
        expect(report.warnings.every((w) => w.severity === 'warning')).toBe(true);
        expect(report.errors.every((e) => e.severity === 'error')).toBe(true);
        expect(new Set(report.attributes.map((a) => a.id)).size).toBe(report.attributes.length);
      }),
      RUNS,
    );
  });

  it('returns attributes that validate again to themselves (idempotence)', () => {
    fc.assert(
      fc.property(nearValidSetArb, (value) => {
        const first = validateAttributes(value, { mode: 'receive' });
        const second = validateAttributes(first.attributes, { mode: 'receive' });
        expect(second.attributes).toEqual(first.attributes);
        // Only set-level issues (missing title or dev, several titles) may remain.
        expect(second.errors.filter((e) => e.path.length > 0)).toEqual([]);
        expect(second.warnings.filter((w) => w.path.length > 0)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('accepts a date exactly when it is a day of the (proleptic Gregorian) calendar', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const probe = new Date(0);
          probe.setUTCFullYear(year, month - 1, day);
          const real =
            month >= 1 &&
            day >= 1 &&
            probe.getUTCFullYear() === year &&
            probe.getUTCMonth() === month - 1 &&
            probe.getUTCDate() === day;
          const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const attribute = {
            id: 'd',
            name: 'D',
            type: 'inline',
            inline: { date: { value, section: 'primary' } },
          };
          expect(validateAttributes([TITLE, DEV, attribute], { mode: 'send' }).ok, value).toBe(real);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts a colour channel exactly when it is an integer 0–255', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -300, max: 600 }), fc.double({ min: -1, max: 256, noNaN: true })),
        (channel) => {
          const attribute = {
            id: 'c',
            name: 'C',
            type: 'inline',
            inline: { color: { value: { r: channel, g: 0, b: 0 }, section: 'background' } },
          };
          const expected = Number.isInteger(channel) && channel >= 0 && channel <= 255;
          expect(validateAttributes([TITLE, DEV, attribute], { mode: 'send' }).ok).toBe(expected);
        },
      ),
      RUNS,
    );
  });

  it('accepts any allowed (section, subtype) attribute, generated', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALLOWED_PAIRS).chain(([section, subtype]) => attributeFor(section, subtype)),
        (attribute) => {
          const report = validateAttributes([TITLE, DEV, { ...attribute, id: 'x' }], { mode: 'send' });
          expect(report.errors).toEqual([]);
        },
      ),
      RUNS,
    );
  });
});

describe('builders (properties)', () => {
  it('build valid attributes from any valid value', () => {
    const sections = ['primary', 'secondary', 'identifier', 'avatar', 'body'] as const;
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 2_000 }).filter((s) => s.length <= 2_000),
        fc.constantFrom(...sections),
        rgbArb,
        (text, section, rgb) => {
          const set = [
            TITLE,
            DEV,
            plainText({ id: 'p', name: 'P', value: text, section }),
            color({ id: 'c', name: 'C', value: rgb, section: 'background' }),
          ];
          expect(validateAttributes(set, { mode: 'send' }).ok).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('toRgb reads #rrggbb as three bytes, and #rgb as #rrggbb with each digit doubled', () => {
    const hexDigit = fc.constantFrom(...'0123456789abcdefABCDEF');
    fc.assert(
      fc.property(fc.array(hexDigit, { minLength: 3, maxLength: 3 }), rgbArb, (short, rgb) => {
        const [r, g, b] = short;
        expect(toRgb(`#${r}${g}${b}`)).toEqual(toRgb(`#${r}${r}${g}${g}${b}${b}`));
        const hex = `#${[rgb.r, rgb.g, rgb.b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
        expect(toRgb(hex)).toEqual(rgb);
      }),
      RUNS,
    );
  });
});
