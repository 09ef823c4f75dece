import type { HttpAnswer } from '../harness/integration-http.js';

/** Where a 3xx answer sends the browser (absolute), or undefined for anything else. */
export function redirectTarget(answer: HttpAnswer): string | undefined {
  if (answer.status < 300 || answer.status > 399 || !answer.headers.location) return undefined;
  try {
    return new URL(answer.headers.location, answer.url).toString();
  } catch {
    return answer.headers.location;
  }
}

/** The query of a URL as an object (first value of each name). */
export function queryOf(url: string): Record<string, string> {
  try {
    return Object.fromEntries(new URL(url).searchParams.entries());
  } catch {
    return {};
  }
}

/** The RFC 6749 §5.2 `error` of a JSON answer, or undefined. */
export function oauthError(answer: HttpAnswer): string | undefined {
  const json = answer.json as { error?: unknown; code?: unknown } | undefined;
  return typeof json?.error === 'string' ? json.error : undefined;
}

/** Whether an answer is JSON by its Content-Type. */
export function isJson(answer: HttpAnswer): boolean {
  return /^application\/([\w.+-]+\+)?json\b/i.test(answer.headers['content-type'] ?? '');
}

/** Patterns of a stack trace or an exception dump in a body, in the languages integrations are written in. */
const STACK_TRACE = [
  /\n\s+at [\w$.<>]+ \(.*:\d+:\d+\)/,
  /\bat [\w$.<>]+ \((?:file:\/\/|\/|node:)[^)]*:\d+:\d+\)/,
  /Traceback \(most recent call last\)/,
  /File "[^"]+", line \d+, in /,
  /\.rb:\d+:in `/,
  /goroutine \d+ \[running\]/,
  /\bat [\w.$]+\([\w]+\.java:\d+\)/,
  /\bExceptionInfo\b|\bStack trace:/i,
];

/** The first stack-trace-looking line of a body, or undefined. */
export function stackTraceIn(text: string): string | undefined {
  for (const pattern of STACK_TRACE) {
    const match = pattern.exec(text);
    if (match) return match[0].trim().slice(0, 120);
  }
  return undefined;
}

/** What WWW-Authenticate says, or undefined. */
export function wwwAuthenticate(answer: HttpAnswer): string | undefined {
  return answer.headers['www-authenticate'];
}
