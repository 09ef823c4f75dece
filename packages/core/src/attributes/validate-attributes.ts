import type { z } from 'zod';
import { IssueList, type JsonPath, type ValidationIssue } from '../validation/validation-issue.js';
import type { Attribute } from './attribute.js';
import {
  attributeEnvelopeSchema,
  embedPlacementSchema,
  inlineValueSchemas,
  relationValueSchema,
  webUrlSchema,
} from './attribute-schema.js';
import {
  EMBED_SUBTYPES,
  INLINE_SUBTYPES,
  isEmbedSubtype,
  isInlineSubtype,
  isSection,
  type Subtype,
  sectionAllows,
  sectionsFor,
} from './sections.js';
import {
  checkAttributeCount,
  checkDatetimeOffset,
  checkName,
  checkRelationUri,
  checkStringLengths,
} from './tolerances.js';

/**
 * `send`: what unfurlkit itself emits; every rule is an error, `dev` is required.
 * `receive`: what the emulator and checker get from an integration, judged as Notion does: what Notion draws
 * anyway becomes a warning (missing or misshapen `dev`, lengths and counts past unfurlkit's caps, a missing
 * `name`, a datetime without offset, a non-http relation uri), so real integrations such as Gumroad's still
 * render (SPEC §7.5).
 * `strict`: `receive` for an integration that wants to be exact: every warning is an error.
 * A missing `type` is a warning in `send` and `receive`: it is inferred, and the normalised attributes always
 * carry it.
 */
export type ValidationMode = 'send' | 'receive' | 'strict';

export interface AttributeValidation {
  ok: boolean;
  /** The valid attributes, normalised (`type` filled in, duplicates resolved: the later one wins). */
  attributes: Attribute[];
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

export interface ValidateAttributesOptions {
  mode: ValidationMode;
  /** Where the set sits in a larger message, so paths point into that message. */
  path?: JsonPath;
}

/**
 * Checks a set of unfurl attributes against SPEC §7: shapes, value formats, the section × subtype table,
 * the required `title` and `dev` attributes and unfurlkit's caps. Reports every problem, not just the first.
 *
 * @example
 * const report = validateAttributes([title('Fix login bug'), dev('Acme Inc')], { mode: 'send' });
 * report.ok; // true
 */
export function validateAttributes(input: unknown, options: ValidateAttributesOptions): AttributeValidation {
  const issues = new IssueList({ warningsAreErrors: options.mode === 'strict' });
  const root = options.path ?? [];
  const strict = options.mode !== 'receive';
  if (!Array.isArray(input)) {
    issues.error(root, 'not_an_array', 'attributes must be an array');
    return { ok: false, attributes: [], errors: issues.errors, warnings: issues.warnings };
  }
  checkAttributeCount(input.length, root, issues, strict);

  const byId = new Map<string, { attribute: Attribute; path: JsonPath }>();
  input.forEach((candidate, index) => {
    const path = [...root, index];
    const attribute = checkAttribute(candidate, path, issues, strict);
    if (!attribute) return;
    const earlier = byId.get(attribute.id);
    if (earlier) {
      issues.warn(
        path,
        'duplicate_id',
        `id "${attribute.id}" repeats ${formatIndex(earlier.path)}; this one replaces it`,
      );
      byId.delete(attribute.id);
    }
    byId.set(attribute.id, { attribute, path });
  });

  const attributes = [...byId.values()].map((entry) => entry.attribute);
  checkRequiredAttributes(attributes, byId, root, strict, issues);
  return { ok: issues.ok, attributes, errors: issues.errors, warnings: issues.warnings };
}

function formatIndex(path: JsonPath): string {
  return `attribute ${String(path[path.length - 1])}`;
}

function checkRequiredAttributes(
  attributes: Attribute[],
  byId: Map<string, { attribute: Attribute; path: JsonPath }>,
  root: JsonPath,
  strict: boolean,
  issues: IssueList,
): void {
  const titles = attributes.filter((a) => a.type === 'inline' && 'title' in a.inline);
  if (titles.length === 0) {
    issues.error(root, 'missing_title', 'a set needs a title attribute: inline.title in section "title"');
  } else if (titles.length > 1) {
    issues.warn(root, 'several_titles', `${titles.length} title attributes; Notion draws only one`);
  }
  const dev = byId.get('dev');
  if (!dev) {
    issues.report(
      strict,
      root,
      'missing_dev',
      'a set needs a "dev" attribute naming the developer or company (plain_text in section "secondary")',
    );
    return;
  }
  const value = dev.attribute.type === 'inline' ? dev.attribute.inline : undefined;
  if (!value || !('plain_text' in value) || value.plain_text.section !== 'secondary') {
    issues.report(strict, dev.path, 'dev_shape', 'the "dev" attribute is plain_text in section "secondary"');
  }
}

/** Validates one attribute; returns it normalised, or undefined when it has errors. */
function checkAttribute(
  candidate: unknown,
  path: JsonPath,
  issues: IssueList,
  strict: boolean,
): Attribute | undefined {
  const before = issues.errors.length;
  const attribute = readAttribute(candidate, path, issues, strict);
  if (!attribute) return undefined;
  checkName((candidate as { name?: string }).name, path, issues, strict);
  checkStringLengths(attribute, path, issues, strict);
  return issues.errors.length === before ? attribute : undefined;
}

/** The attribute's shape: one carrier, a `type` that agrees with it, a valid value; normalised. */
function readAttribute(
  candidate: unknown,
  path: JsonPath,
  issues: IssueList,
  strict: boolean,
): Attribute | undefined {
  const before = issues.errors.length;
  const envelope = parseWith(attributeEnvelopeSchema, candidate, path, issues);
  if (!envelope) return undefined;

  const carriers = (['inline', 'embed', 'relation'] as const).filter((key) => envelope[key] !== undefined);
  if (carriers.length !== 1) {
    issues.error(
      path,
      'carrier_count',
      carriers.length === 0
        ? 'an attribute holds exactly one of "inline", "embed" or "relation"'
        : `an attribute holds exactly one of "inline", "embed" or "relation", found ${carriers.join(' and ')}`,
    );
    return undefined;
  }
  const carrier = carriers[0]!;
  if (envelope.type === undefined) {
    issues.warn(
      [...path, 'type'],
      'missing_type',
      `"type" is missing; inferred "${carrier}" from the attribute`,
    );
  } else if (envelope.type !== carrier) {
    issues.error(
      [...path, 'type'],
      'type_mismatch',
      `"type" is "${envelope.type}" but the attribute holds "${carrier}"`,
    );
    return undefined;
  }

  const base = { id: envelope.id, name: envelope.name ?? '' };
  if (carrier === 'inline') {
    const inline = checkInline(envelope.inline!, [...path, 'inline'], issues, strict);
    return inline && issues.errors.length === before
      ? ({ ...base, type: 'inline', inline } as Attribute)
      : undefined;
  }
  if (carrier === 'embed') {
    const embed = checkEmbed(envelope.embed!, [...path, 'embed'], issues);
    return embed && issues.errors.length === before
      ? ({ ...base, type: 'embed', embed } as Attribute)
      : undefined;
  }
  const relation = parseWith(relationValueSchema, envelope.relation, [...path, 'relation'], issues);
  if (!relation) return undefined;
  checkRelationUri(relation.uri, [...path, 'relation', 'uri'], issues, strict);
  return { ...base, type: 'relation', relation };
}

function checkInline(
  inline: Record<string, unknown>,
  path: JsonPath,
  issues: IssueList,
  strict: boolean,
): unknown {
  const keys = Object.keys(inline);
  if (keys.length !== 1) {
    issues.error(
      path,
      'subtype_count',
      `inline holds exactly one of ${INLINE_SUBTYPES.join(', ')}; found ${keys.length}`,
    );
    return undefined;
  }
  const subtype = keys[0]!;
  if (!isInlineSubtype(subtype)) {
    issues.error(
      [...path, subtype],
      'unknown_subtype',
      `unknown inline type "${subtype}"; known: ${INLINE_SUBTYPES.join(', ')}${
        isEmbedSubtype(subtype) ? ` ("${subtype}" is an embed: use "embed": {"src_url": …})` : ''
      }`,
    );
    return undefined;
  }
  const value = parseWith(inlineValueSchemas[subtype], inline[subtype], [...path, subtype], issues);
  if (!value) return undefined;
  if (!checkSection(value.section, subtype, [...path, subtype, 'section'], issues)) return undefined;
  if (subtype === 'datetime') {
    checkDatetimeOffset(value.value as string, [...path, subtype, 'value'], issues, strict);
  }
  return { [subtype]: value };
}

function checkEmbed(embed: Record<string, unknown>, path: JsonPath, issues: IssueList): unknown {
  const srcUrl = parseWith(webUrlSchema, embed.src_url, [...path, 'src_url'], issues);
  const keys = Object.keys(embed).filter((key) => key !== 'src_url');
  if (keys.length !== 1) {
    issues.error(
      path,
      'subtype_count',
      `embed holds "src_url" and exactly one of ${EMBED_SUBTYPES.join(', ')}`,
    );
    return undefined;
  }
  const subtype = keys[0]!;
  if (!isEmbedSubtype(subtype)) {
    issues.error(
      [...path, subtype],
      'unknown_subtype',
      `unknown embed type "${subtype}"; known: ${EMBED_SUBTYPES.join(', ')}`,
    );
    return undefined;
  }
  const placement = parseWith(embedPlacementSchema, embed[subtype], [...path, subtype], issues);
  if (!placement || srcUrl === undefined) return undefined;
  if (!checkSection(placement.section, subtype, [...path, subtype, 'section'], issues)) return undefined;
  return { src_url: srcUrl, [subtype]: placement };
}

function checkSection(section: string, subtype: Subtype, path: JsonPath, issues: IssueList): boolean {
  const allowed = sectionsFor(subtype)
    .map((s) => `"${s}"`)
    .join(', ');
  if (!isSection(section)) {
    issues.error(path, 'unknown_section', `unknown section "${section}"; ${subtype} may go in ${allowed}`);
    return false;
  }
  if (!sectionAllows(section, subtype)) {
    issues.error(
      path,
      'section_not_allowed',
      `${subtype} cannot go in section "${section}"; it may go in ${allowed}`,
    );
    return false;
  }
  return true;
}

/** Runs a zod schema and turns its issues into ours, located under `path`. */
export function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  path: JsonPath,
  issues: IssueList,
): z.output<T> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // zod 4 still runs length checks on a value of the wrong type (a string given for an array gets a "too
  // big" too): where the type is wrong, that is the one thing to say.
  const wrongType = new Set(
    result.error.issues.filter((issue) => issue.code === 'invalid_type').map((issue) => pathKey(issue.path)),
  );
  for (const issue of result.error.issues) {
    if (issue.code !== 'invalid_type' && wrongType.has(pathKey(issue.path))) continue;
    issues.error([...path, ...(issue.path as (string | number)[])], issue.code, issue.message);
  }
  return undefined;
}

function pathKey(path: readonly PropertyKey[]): string {
  return JSON.stringify(path.map(String));
}
