import { describe, expect, it } from 'vitest';
import {
  clone,
  DEV,
  GUMROAD_ANSWER,
  GUMROAD_ERROR_ANSWER,
  SEED_PATCH_WITHOUT_DEV,
  SEED_UNFURL_ANSWER,
  SPEC_ERROR_ANSWER,
  SPEC_UNFURL_ANSWER,
  TITLE,
} from '../../test/fixtures.js';
import { dev, plainText, title } from '../attributes/builders.js';
import { LIMITS } from '../attributes/limits.js';
import { formatJsonPath, type ValidationIssue } from '../validation/validation-issue.js';
import { attributesOperation, errorOperation, unfurlObject } from './unfurl-object.js';
import { validateUnfurlObject } from './validate-unfurl-object.js';

function located(issues: readonly ValidationIssue[]): string[] {
  return issues.map((issue) => `${issue.code} ${formatJsonPath(issue.path)}`);
}

const URI = 'https://acme.com/items/23487';
const attributesOp = (set: unknown = [clone(TITLE), clone(DEV)]) => ({ path: ['attributes'], set });
const errorOp = (set: unknown = { status: 404, message: 'Content not found' }) => ({ path: ['error'], set });

describe('validateUnfurlObject: operations', () => {
  it('accepts the SPEC §3 answer and returns its attributes', () => {
    const report = validateUnfurlObject(clone(SPEC_UNFURL_ANSWER), { mode: 'send', expectedUri: URI });
    expect(report).toEqual({
      ok: true,
      uri: URI,
      attributes: SPEC_UNFURL_ANSWER.operations[0]!.set,
      errors: [],
      warnings: [],
    });
    expect(report.error).toBeUndefined();
  });

  it('accepts the SPEC §3 error answer and returns the error', () => {
    const report = validateUnfurlObject(clone(SPEC_ERROR_ANSWER), { mode: 'send' });
    expect(report).toEqual({
      ok: true,
      uri: URI,
      error: { status: 404, message: 'Content not found' },
      errors: [],
      warnings: [],
    });
    expect(report.attributes).toBeUndefined();
  });

  it('accepts an attributes and an error operation together (SPEC §4)', () => {
    const report = validateUnfurlObject(
      { uri: URI, operations: [errorOp(), attributesOp()] },
      { mode: 'send' },
    );
    expect(report.ok).toBe(true);
    expect(report.error).toEqual({ status: 404, message: 'Content not found' });
    expect(report.attributes?.map((a) => a.id)).toEqual(['title', 'dev']);
  });

  it('refuses a message with neither operation', () => {
    const empty = validateUnfurlObject({ uri: URI, operations: [] }, { mode: 'receive' });
    expect(empty.ok).toBe(false);
    expect(located(empty.errors)).toEqual(['too_small $.operations']);
    const missing = validateUnfurlObject({ uri: URI }, { mode: 'receive' });
    expect(located(missing.errors)).toEqual(['invalid_type $.operations']);
    const notArray = validateUnfurlObject({ uri: URI, operations: attributesOp() }, { mode: 'receive' });
    expect(located(notArray.errors)).toEqual(['invalid_type $.operations']);
  });

  it('refuses an unknown operation path', () => {
    const report = validateUnfurlObject(
      { uri: URI, operations: [attributesOp(), { path: ['properties'], set: [] }] },
      { mode: 'receive' },
    );
    expect(report.ok).toBe(false);
    expect(located(report.errors)).toEqual(['unknown_operation $.operations[1].path[0]']);
    expect(report.errors[0]!.message).toContain('"properties"');
    // The valid operation is still read.
    expect(report.attributes).toHaveLength(2);
  });

  it.each([
    [{ path: [], set: [] }, 'too_small $.operations[0].path'],
    [{ path: ['attributes', 'x'], set: [] }, 'too_big $.operations[0].path'],
    [{ path: 'attributes', set: [] }, 'invalid_type $.operations[0].path'],
    [{ path: [1], set: [] }, 'invalid_type $.operations[0].path[0]'],
    [null, 'invalid_type $.operations[0]'],
  ])('refuses the malformed operation %j', (operation, issue) => {
    const report = validateUnfurlObject({ uri: URI, operations: [operation] }, { mode: 'receive' });
    expect(report.ok).toBe(false);
    expect(located(report.errors)).toEqual([issue]);
  });

  it('refuses a second attributes operation and a second error operation', () => {
    const report = validateUnfurlObject(
      { uri: URI, operations: [attributesOp(), errorOp(), attributesOp(), errorOp()] },
      { mode: 'send' },
    );
    expect(report.ok).toBe(false);
    expect(located(report.errors)).toEqual([
      'duplicate_operation $.operations[2]',
      'duplicate_operation $.operations[3]',
    ]);
  });

  it('refuses a second operation of a kind even when the first one was invalid', () => {
    const report = validateUnfurlObject(
      {
        uri: URI,
        operations: [
          attributesOp([clone(DEV)]),
          attributesOp(),
          errorOp({ status: 200, message: 'x' }),
          errorOp(),
        ],
      },
      { mode: 'send' },
    );
    expect(located(report.errors)).toEqual([
      'missing_title $.operations[0].set',
      'duplicate_operation $.operations[1]',
      'too_small $.operations[2].set.status',
      'duplicate_operation $.operations[3]',
    ]);
  });

  it.each([399, 600, 200, 0, -404, 404.5, '404', null])('refuses the error status %j', (status) => {
    const report = validateUnfurlObject(
      { uri: URI, operations: [errorOp({ status, message: 'x' })] },
      { mode: 'receive' },
    );
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => formatJsonPath(e.path))).toEqual(['$.operations[0].set.status']);
    expect(report.error).toBeUndefined();
  });

  it.each([400, 401, 403, 404, 500, 529, 599])('accepts the error status %d', (status) => {
    const report = validateUnfurlObject(
      { uri: URI, operations: [errorOp({ status, message: 'x' })] },
      { mode: 'send' },
    );
    expect(report.ok).toBe(true);
    expect(report.error).toEqual({ status, message: 'x' });
  });

  it('refuses an error without a message, or with a message over 2,000 characters', () => {
    const missing = validateUnfurlObject(
      { uri: URI, operations: [errorOp({ status: 404 })] },
      { mode: 'send' },
    );
    expect(located(missing.errors)).toEqual(['invalid_type $.operations[0].set.message']);
    const long = validateUnfurlObject(
      { uri: URI, operations: [errorOp({ status: 404, message: 'x'.repeat(2_001) })] },
      { mode: 'send' },
    );
    expect(located(long.errors)).toEqual(['string_too_long $.operations[0].set.message']);
  });

  it('locates attribute issues inside the message', () => {
    const set = [
      clone(TITLE),
      {
        id: 'owner',
        name: 'Owner',
        type: 'inline',
        inline: { plain_text: { value: 'a', section: 'background' } },
      },
    ];
    const report = validateUnfurlObject(
      { uri: URI, operations: [errorOp(), attributesOp(set)] },
      { mode: 'send' },
    );
    expect(located(report.errors)).toEqual([
      'section_not_allowed $.operations[1].set[1].inline.plain_text.section',
      'missing_dev $.operations[1].set',
    ]);
    expect(report.attributes).toBeUndefined();
    expect(report.error).toEqual({ status: 404, message: 'Content not found' });
  });
});

describe('validateUnfurlObject: uri', () => {
  it('makes a uri that differs from the expected one an error when sending, a warning when receiving', () => {
    const message = { uri: 'https://acme.com/items/1', operations: [errorOp()] };
    const send = validateUnfurlObject(message, { mode: 'send', expectedUri: URI });
    expect(send.ok).toBe(false);
    expect(located(send.errors)).toEqual(['uri_mismatch $.uri']);
    expect(send.errors[0]!.message).toContain(URI);

    const receive = validateUnfurlObject(message, { mode: 'receive', expectedUri: URI });
    expect(receive.ok).toBe(true);
    expect(located(receive.warnings)).toEqual(['uri_mismatch $.uri']);
    expect(receive.uri).toBe('https://acme.com/items/1');
  });

  it('compares the uri exactly', () => {
    const message = { uri: `${URI}/`, operations: [errorOp()] };
    expect(validateUnfurlObject(message, { mode: 'send', expectedUri: URI }).ok).toBe(false);
  });

  it.each(['acme.com/items/1', 'ftp://acme.com/items/1', '', `https://acme.com/${'a'.repeat(1_984)}`, 42])(
    'refuses the uri %j and still checks the operations',
    (uri) => {
      const report = validateUnfurlObject(
        { uri, operations: [errorOp({ status: 42, message: 'x' })] },
        {
          mode: 'receive',
        },
      );
      expect(report.ok).toBe(false);
      expect(report.uri).toBeUndefined();
      const paths = report.errors.map((e) => formatJsonPath(e.path));
      expect(paths).toContain('$.uri');
      expect(paths).toContain('$.operations[0].set.status');
    },
  );

  it.each([null, [], 'https://acme.com', 3])('refuses a message that is not an object: %j', (input) => {
    const report = validateUnfurlObject(input, { mode: 'receive' });
    expect(report.ok).toBe(false);
    expect(located(report.errors)).toEqual(['invalid_type $']);
  });
});

describe('validateUnfurlObject: payload size (500 KB)', () => {
  /** A valid message padded so its JSON is exactly `bytes` long. */
  function paddedTo(bytes: number, unit = 'x') {
    const base = { uri: URI, operations: [errorOp()], pad: '' };
    const room = bytes - JSON.stringify(base).length;
    const unitBytes = Buffer.byteLength(unit);
    const message = { ...base, pad: unit.repeat(Math.floor(room / unitBytes)) };
    expect(Buffer.byteLength(JSON.stringify(message))).toBe(bytes);
    return message;
  }

  it('accepts a message of exactly 500 KB and refuses one byte more', () => {
    expect(validateUnfurlObject(paddedTo(LIMITS.maxPayloadBytes), { mode: 'send' }).ok).toBe(true);
    const report = validateUnfurlObject(paddedTo(LIMITS.maxPayloadBytes + 1), { mode: 'send' });
    expect(report.ok).toBe(false);
    expect(located(report.errors)).toEqual(['payload_too_large $']);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 300,000 characters, 600,000 bytes.
    const message = {
      uri: URI,
      operations: [errorOp({ status: 404, message: 'é'.repeat(1_000) })],
      pad: 'é'.repeat(300_000),
    };
    expect(located(validateUnfurlObject(message, { mode: 'receive' }).errors)).toEqual([
      'payload_too_large $',
    ]);
  });

  it('refuses 100 attributes that are each within the caps but together exceed 500 KB', () => {
    const big = (n: number) => `${n}`.padEnd(2_000, 'x');
    const set = [
      title(big(0)),
      dev('Acme Inc'),
      ...Array.from({ length: 98 }, (_, i) =>
        plainText({ id: big(i + 1), name: big(i + 1), value: big(i + 1), section: 'body' }),
      ),
    ];
    const report = validateUnfurlObject(unfurlObject(URI, [attributesOperation(set)]), { mode: 'send' });
    expect(located(report.errors)).toEqual(['payload_too_large $']);
  });

  it('refuses a value that cannot be serialised as JSON, without calling it too large', () => {
    const cyclic: Record<string, unknown> = { uri: URI, operations: [errorOp()] };
    cyclic.self = cyclic;
    expect(located(validateUnfurlObject(cyclic, { mode: 'receive' }).errors)).toEqual(['not_json $']);
    const bigint = { uri: URI, operations: [errorOp({ status: 404n, message: 'x' })] };
    expect(located(validateUnfurlObject(bigint, { mode: 'receive' }).errors)).toEqual(['not_json $']);
  });
});

describe('validateUnfurlObject: payloads from the protocol documents', () => {
  it("accepts the seed's example answer in send mode", () => {
    const report = validateUnfurlObject(clone(SEED_UNFURL_ANSWER), {
      mode: 'send',
      expectedUri: 'http://example.com/file/123',
    });
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("reads the seed's PATCH example (no dev): a warning when received, an error when sent", () => {
    const receive = validateUnfurlObject(clone(SEED_PATCH_WITHOUT_DEV), { mode: 'receive' });
    expect(receive.ok).toBe(true);
    expect(located(receive.warnings)).toEqual(['missing_dev $.operations[0].set']);
    const send = validateUnfurlObject(clone(SEED_PATCH_WITHOUT_DEV), { mode: 'send' });
    expect(located(send.errors)).toEqual(['missing_dev $.operations[0].set']);
  });

  it("accepts Gumroad's answers (SPEC §7.5) in receive mode with warnings only", () => {
    const report = validateUnfurlObject(clone(GUMROAD_ANSWER), {
      mode: 'receive',
      expectedUri: GUMROAD_ANSWER.uri,
    });
    expect(report.ok).toBe(true);
    expect(report.errors).toEqual([]);
    expect(located(report.warnings)).toEqual([
      'missing_type $.operations[0].set[0].type',
      'missing_type $.operations[0].set[6].type',
      'missing_dev $.operations[0].set',
    ]);
    expect(report.attributes?.every((a) => a.type !== undefined)).toBe(true);

    const error = validateUnfurlObject(clone(GUMROAD_ERROR_ANSWER), { mode: 'receive' });
    expect(error).toMatchObject({
      ok: true,
      error: { status: 404, message: 'Product not found' },
      warnings: [],
    });
  });
});

describe('unfurlObject, attributesOperation, errorOperation', () => {
  it('build the wire shapes of SPEC §3', () => {
    expect(errorOperation(404, 'Content not found')).toEqual({
      path: ['error'],
      set: { status: 404, message: 'Content not found' },
    });
    const set = [title('Fix login bug'), dev('Acme Inc')];
    expect(attributesOperation(set)).toEqual({ path: ['attributes'], set });
    const message = unfurlObject(URI, [attributesOperation(set), errorOperation(403, 'No access')]);
    expect(message).toEqual({
      uri: URI,
      operations: [
        { path: ['attributes'], set },
        { path: ['error'], set: { status: 403, message: 'No access' } },
      ],
    });
    expect(validateUnfurlObject(message, { mode: 'send', expectedUri: URI })).toMatchObject({
      ok: true,
      attributes: set,
      error: { status: 403, message: 'No access' },
    });
  });
});
