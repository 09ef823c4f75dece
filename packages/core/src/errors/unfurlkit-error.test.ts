import { describe, expect, it } from 'vitest';
import { isUnfurlkitError, UNFURLKIT_ERROR_CODES, UnfurlkitError } from './unfurlkit-error.js';

describe('UnfurlkitError', () => {
  it('carries its code, message, details and cause', () => {
    const cause = new Error('underlying');
    const error = new UnfurlkitError('UNFURLKIT_RULE_INVALID', 'rule "x": bad', {
      cause,
      details: { rule: 'x' },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('UnfurlkitError');
    expect(error.code).toBe('UNFURLKIT_RULE_INVALID');
    expect(error.message).toBe('rule "x": bad');
    expect(error.details).toEqual({ rule: 'x' });
    expect(error.cause).toBe(cause);
  });

  it('has no cause and empty details when none are given', () => {
    const error = new UnfurlkitError('UNFURLKIT_CONFIG_INVALID', 'missing');
    expect('cause' in error).toBe(false);
    expect(error.details).toEqual({});
  });

  it('isUnfurlkitError recognises an error from another copy of the package by its registered brand', () => {
    // What a second copy's class (a config module loaded through tsx) produces: another class, same brand.
    const copied = Object.assign(new Error('from the other copy'), {
      [Symbol.for('unfurlkit.error')]: true,
      code: 'UNFURLKIT_INTEGRATION_INVALID',
    });
    expect(copied instanceof UnfurlkitError).toBe(false);
    expect(isUnfurlkitError(copied)).toBe(true);
    expect(isUnfurlkitError(copied, 'UNFURLKIT_INTEGRATION_INVALID')).toBe(true);
    expect(isUnfurlkitError(copied, 'UNFURLKIT_RULE_INVALID')).toBe(false);
    expect(isUnfurlkitError({ code: 'UNFURLKIT_INTEGRATION_INVALID' })).toBe(false);
    expect(isUnfurlkitError(null)).toBe(false);
  });

  it('isUnfurlkitError checks the class and, when given, the code', () => {
    const error = new UnfurlkitError('UNFURLKIT_ATTRIBUTE_INVALID', 'x');
    expect(isUnfurlkitError(error)).toBe(true);
    expect(isUnfurlkitError(error, 'UNFURLKIT_ATTRIBUTE_INVALID')).toBe(true);
    expect(isUnfurlkitError(error, 'UNFURLKIT_RULE_INVALID')).toBe(false);
    expect(isUnfurlkitError(new Error('x'))).toBe(false);
    expect(isUnfurlkitError({ name: 'UnfurlkitError', code: 'UNFURLKIT_ATTRIBUTE_INVALID' })).toBe(false);
  });

  it('names every code UNFURLKIT_* and describes it', () => {
    for (const [code, description] of Object.entries(UNFURLKIT_ERROR_CODES)) {
      expect(code).toMatch(/^UNFURLKIT_[A-Z_]+$/);
      expect(description.length).toBeGreaterThan(20);
    }
  });
});
