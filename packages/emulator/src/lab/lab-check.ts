import {
  type Attribute,
  type UnfurlErrorValue,
  type ValidationIssue,
  type ValidationMode,
  validateAttributes,
  validateUnfurlObject,
} from '@unfurlkit/core';

import { nestedDeeperThan } from './json-depth.js';

/**
 * How deep the Lab follows pasted JSON. A preview nests about eight levels; the cap keeps a hostile paste (10,000
 * levels) from overflowing the stack in `JSON.stringify` or a validator.
 */
export const LAB_MAX_DEPTH = 64;

/** What the Lab understood the pasted JSON to be. */
export type LabInputKind = 'unfurl-object' | 'attributes' | 'attribute' | 'not-json';

export interface LabReport {
  kind: LabInputKind;
  ok: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  /** The attributes as Notion would draw them (normalised), when valid. */
  attributes?: Attribute[];
  error?: UnfurlErrorValue;
  /** Why the text is not JSON. */
  parseError?: string;
}

/**
 * The Link Preview Lab's check: paste an Unfurl Callback answer / PATCH body (`{uri, operations}`), an
 * attribute array, or one attribute, and get core's validation report. `receive` judges as Notion does
 * (tolerant), `send` as unfurlkit requires of what an integration emits.
 */
export function checkLabInput(text: string, mode: ValidationMode): LabReport {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { kind: 'not-json', ok: false, errors: [], warnings: [], parseError: (error as Error).message };
  }
  if (nestedDeeperThan(input, LAB_MAX_DEPTH)) {
    const message = `nested deeper than ${LAB_MAX_DEPTH} levels: no Link Preview message is`;
    return {
      kind: 'unfurl-object',
      ok: false,
      errors: [{ severity: 'error', code: 'too_deep', path: [], message }],
      warnings: [],
    };
  }
  if (Array.isArray(input)) return fromAttributes('attributes', validateAttributes(input, { mode }));
  if (
    input &&
    typeof input === 'object' &&
    !('operations' in input) &&
    ('inline' in input || 'embed' in input || 'id' in input)
  ) {
    return fromAttributes('attribute', ownIssues(validateAttributes([input], { mode })));
  }
  const report = validateUnfurlObject(input, { mode });
  const result: LabReport = {
    kind: 'unfurl-object',
    ok: report.ok,
    errors: report.errors,
    warnings: report.warnings,
  };
  if (report.attributes) result.attributes = report.attributes;
  if (report.error) result.error = report.error;
  return result;
}

/**
 * A lone attribute is judged on its own: what only a whole set can have (a title, a `dev`) is not its fault,
 * so issues about the set (at the root path) are left out.
 */
function ownIssues(report: ReturnType<typeof validateAttributes>): ReturnType<typeof validateAttributes> {
  const errors = report.errors.filter((issue) => issue.path.length > 0);
  const warnings = report.warnings.filter((issue) => issue.path.length > 0);
  return { ...report, ok: errors.length === 0, errors, warnings };
}

function fromAttributes(kind: LabInputKind, report: ReturnType<typeof validateAttributes>): LabReport {
  const result: LabReport = { kind, ok: report.ok, errors: report.errors, warnings: report.warnings };
  if (report.ok) result.attributes = report.attributes;
  return result;
}

/** A sample for the empty Lab: the SPEC §3 answer, with a few more sections. */
export const LAB_SAMPLE = JSON.stringify(
  {
    uri: 'https://acme.com/items/23487',
    operations: [
      {
        path: ['attributes'],
        set: [
          {
            id: 'title',
            name: 'Title',
            type: 'inline',
            inline: { title: { value: 'Fix login bug', section: 'title' } },
          },
          {
            id: 'dev',
            name: 'Developer Name',
            type: 'inline',
            inline: { plain_text: { value: 'Acme Inc', section: 'secondary' } },
          },
          {
            id: 'state',
            name: 'State',
            type: 'inline',
            inline: { enum: { value: 'In progress', color: { r: 235, g: 150, b: 52 }, section: 'primary' } },
          },
          {
            id: 'updated',
            name: 'Updated',
            type: 'inline',
            inline: { date: { value: '2024-05-01', section: 'secondary' } },
          },
          {
            id: 'number',
            name: 'Item',
            type: 'inline',
            inline: { plain_text: { value: '#23487', section: 'identifier' } },
          },
          {
            id: 'entity',
            name: 'Kind',
            type: 'inline',
            inline: { color: { value: { r: 235, g: 64, b: 52 }, section: 'entity' } },
          },
          {
            id: 'owner',
            name: 'Owner',
            type: 'inline',
            inline: { plain_text: { value: 'AL', section: 'avatar' } },
          },
          {
            id: 'body',
            name: 'Description',
            type: 'inline',
            inline: {
              plain_text: {
                value: 'Users are logged out after 5 minutes.\nSteps to reproduce: sign in, wait.',
                section: 'body',
              },
            },
          },
          {
            id: 'color',
            name: 'Color',
            type: 'inline',
            inline: { color: { value: { r: 235, g: 64, b: 52 }, section: 'background' } },
          },
        ],
      },
    ],
  },
  null,
  2,
);
