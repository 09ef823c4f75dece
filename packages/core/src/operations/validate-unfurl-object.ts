import { z } from 'zod';
import type { Attribute, UnfurlErrorValue } from '../attributes/attribute.js';
import { unfurlErrorValueSchema } from '../attributes/attribute-schema.js';
import { LIMITS } from '../attributes/limits.js';
import { checkStringLengths } from '../attributes/tolerances.js';
import { parseWith, type ValidationMode, validateAttributes } from '../attributes/validate-attributes.js';
import { IssueList, type ValidationIssue } from '../validation/validation-issue.js';
import { uriSchema } from './unfurl-request.js';

export interface UnfurlObjectValidation {
  ok: boolean;
  uri?: string;
  /** Present when the message carries a valid attributes operation. */
  attributes?: Attribute[];
  /** Present when the message carries a valid error operation. */
  error?: UnfurlErrorValue;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

export interface ValidateUnfurlObjectOptions {
  mode: ValidationMode;
  /** The uri the message must be about (the one that was asked for, or PATCHed). */
  expectedUri?: string;
}

/** Only "an object": `uri` and `operations` are checked one by one, so a bad uri does not hide bad operations. */
const envelopeSchema = z.object({ uri: z.unknown(), operations: z.unknown() });
const operationsSchema = z.array(z.unknown()).min(1, 'at least one operation');
const operationEnvelopeSchema = z.object({
  path: z.array(z.string()).length(1, 'path has one element'),
  set: z.unknown(),
});

/**
 * Validates `{uri, operations}` (an unfurl answer or an external-object PATCH body): at most one attributes
 * and one error operation, each valid; a message with neither is refused.
 *
 * @example
 * validateUnfurlObject({ uri, operations: [errorOperation(404, 'Content not found')] }, { mode: 'receive' }).error
 * // { status: 404, message: 'Content not found' }
 */
export function validateUnfurlObject(
  input: unknown,
  options: ValidateUnfurlObjectOptions,
): UnfurlObjectValidation {
  const issues = new IssueList({ warningsAreErrors: options.mode === 'strict' });
  const size = jsonSize(input);
  if (size === undefined) {
    issues.error(
      [],
      'not_json',
      'the message cannot be serialised as JSON (a cycle, a BigInt or a function?)',
    );
    return { ok: false, errors: issues.errors, warnings: issues.warnings };
  }
  if (size > LIMITS.maxPayloadBytes) {
    issues.error([], 'payload_too_large', `the message exceeds ${LIMITS.maxPayloadBytes} bytes (${size})`);
    return { ok: false, errors: issues.errors, warnings: issues.warnings };
  }
  const envelope = parseWith(envelopeSchema, input, [], issues);
  if (!envelope) return { ok: false, errors: issues.errors, warnings: issues.warnings };

  const result: UnfurlObjectValidation = { ok: false, errors: [], warnings: [] };
  const uri = parseWith(uriSchema, envelope.uri, ['uri'], issues);
  if (uri !== undefined) {
    result.uri = uri;
    if (options.expectedUri !== undefined && uri !== options.expectedUri) {
      issues.report(
        options.mode !== 'receive',
        ['uri'],
        'uri_mismatch',
        `uri is "${uri}" but the request was about "${options.expectedUri}"`,
      );
    }
  }
  const operations = parseWith(operationsSchema, envelope.operations, ['operations'], issues) ?? [];
  // Counted whether or not the operation is valid: a second one is an error even when the first was broken.
  const seen = { attributes: false, error: false };
  operations.forEach((candidate, index) => {
    const path = ['operations', index];
    const operation = parseWith(operationEnvelopeSchema, candidate, path, issues);
    if (!operation) return;
    const kind = operation.path[0];
    if (kind === 'attributes') {
      if (seen.attributes) issues.error(path, 'duplicate_operation', 'a second attributes operation');
      seen.attributes = true;
      const report = validateAttributes(operation.set, { mode: options.mode, path: [...path, 'set'] });
      issues.errors.push(...report.errors);
      issues.warnings.push(...report.warnings);
      if (report.ok) result.attributes = report.attributes;
    } else if (kind === 'error') {
      if (seen.error) issues.error(path, 'duplicate_operation', 'a second error operation');
      seen.error = true;
      const value = parseWith(unfurlErrorValueSchema, operation.set, [...path, 'set'], issues);
      if (value) checkStringLengths(value, [...path, 'set'], issues, options.mode !== 'receive');
      if (value) result.error = value;
    } else {
      issues.error(
        [...path, 'path', 0],
        'unknown_operation',
        `unknown operation path "${kind}"; known: attributes, error`,
      );
    }
  });
  return { ...result, ok: issues.ok, errors: issues.errors, warnings: issues.warnings };
}

/** UTF-8 bytes of the value as JSON, or undefined when it is not serialisable. */
function jsonSize(value: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return undefined;
  }
}
