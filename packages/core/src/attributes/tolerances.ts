import type { IssueList, JsonPath } from '../validation/validation-issue.js';
import { LIMITS } from './limits.js';

/**
 * What Notion draws although it is outside what unfurlkit emits: limits Notion does not document (string
 * lengths, the attribute count), a missing `name`, a datetime without offset, a relation uri that is not
 * http(s). Each is reported through `issues.report(strict, …)`: an error when unfurlkit sends (`send`) or
 * when an exact integration is wanted (`strict`), a warning when Notion receives (`receive`).
 */

/** Keys whose string value is a URL, judged against the URL cap instead of the text cap. */
const URL_KEYS = new Set(['src_url', 'uri']);

/**
 * Reports every string under `value` longer than unfurlkit's caps (`LIMITS`), with its path.
 *
 * @example
 * checkStringLengths({ name: 'x'.repeat(2_001) }, [0], issues, false); // warning string_too_long at $[0].name
 */
export function checkStringLengths(value: unknown, path: JsonPath, issues: IssueList, strict: boolean): void {
  const visit = (node: unknown, at: JsonPath, key: string | number | undefined, depth: number): void => {
    if (depth > 8) return;
    if (typeof node === 'string') {
      const max = typeof key === 'string' && URL_KEYS.has(key) ? LIMITS.maxUrlLength : LIMITS.maxStringLength;
      if (node.length > max) {
        issues.report(
          strict,
          at,
          'string_too_long',
          `${node.length} characters; unfurlkit caps strings at ${max} (Notion documents no limit and draws it)`,
        );
      }
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        visit(item, [...at, index], index, depth + 1);
      });
      return;
    }
    if (node !== null && typeof node === 'object') {
      for (const [name, child] of Object.entries(node)) visit(child, [...at, name], name, depth + 1);
    }
  };
  visit(value, path, undefined, 0);
}

/** Reports a set with more attributes than unfurlkit's cap. */
export function checkAttributeCount(count: number, path: JsonPath, issues: IssueList, strict: boolean): void {
  if (count <= LIMITS.maxAttributes) return;
  issues.report(
    strict,
    path,
    'too_many_attributes',
    `${count} attributes; unfurlkit caps a set at ${LIMITS.maxAttributes} (Notion documents no limit)`,
  );
}

/** Reports an attribute without `name`: Notion draws the value without a label. */
export function checkName(
  name: string | undefined,
  path: JsonPath,
  issues: IssueList,
  strict: boolean,
): void {
  if (name !== undefined) return;
  issues.report(
    strict,
    [...path, 'name'],
    'missing_name',
    '"name" is missing; Notion draws the value without a label (unfurlkit always sends one)',
  );
}

const OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Reports a datetime without `Z` or `±hh:mm`: which instant it means depends on who reads it. */
export function checkDatetimeOffset(value: string, path: JsonPath, issues: IssueList, strict: boolean): void {
  if (OFFSET.test(value)) return;
  issues.report(
    strict,
    path,
    'datetime_without_offset',
    `"${value}" has no UTC offset (Z or ±hh:mm), so the instant it means is ambiguous; Notion draws it`,
  );
}

/** Reports a relation uri that is not http(s), as in Notion's reference (`acme:item_state/open`). */
export function checkRelationUri(uri: string, path: JsonPath, issues: IssueList, strict: boolean): void {
  const protocol = new URL(uri).protocol;
  if (protocol === 'http:' || protocol === 'https:') return;
  issues.report(
    strict,
    path,
    'relation_uri_not_http',
    `uri "${uri}" is not an http(s) URL; Notion's reference uses such URIs and draws the mention, but nothing can open it`,
  );
}
