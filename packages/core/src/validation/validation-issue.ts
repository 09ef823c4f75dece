/**
 * One problem found in a wire message, located by its JSON path so a person can find it in a 300-line payload.
 * Errors make a message unusable; warnings describe what Notion tolerates but a careful integration avoids.
 */
export type JsonPath = ReadonlyArray<string | number>;

export interface ValidationIssue {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `section_not_allowed`. */
  code: string;
  /** Where, as a path from the root of the validated value. */
  path: JsonPath;
  /** What is wrong and, where we know, what would be right. */
  message: string;
}

/** Formats a path as `$.operations[0].set[2].inline`, the notation people paste into `jq`. */
export function formatJsonPath(path: JsonPath): string {
  let text = '$';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** One line per issue, for logs, CLI output and error messages. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map((issue) => `${issue.severity} ${formatJsonPath(issue.path)}: ${issue.message}`)
    .join('\n');
}

/** Collects issues while a validator walks a value. */
export class IssueList {
  readonly errors: ValidationIssue[] = [];
  readonly warnings: ValidationIssue[] = [];
  private readonly warningsAreErrors: boolean;

  /** `warningsAreErrors`: every warning is recorded as an error (the `strict` validation mode). */
  constructor(options: { warningsAreErrors?: boolean } = {}) {
    this.warningsAreErrors = options.warningsAreErrors ?? false;
  }

  error(path: JsonPath, code: string, message: string): void {
    this.errors.push({ severity: 'error', code, path, message });
  }

  warn(path: JsonPath, code: string, message: string): void {
    if (this.warningsAreErrors) this.error(path, code, message);
    else this.warnings.push({ severity: 'warning', code, path, message });
  }

  /** Records an issue as an error when `strict`, as a warning otherwise (send vs receive mode). */
  report(strict: boolean, path: JsonPath, code: string, message: string): void {
    if (strict) this.error(path, code, message);
    else this.warn(path, code, message);
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}
