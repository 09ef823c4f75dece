/**
 * The characters that can end a text node or an attribute value, quoted either way, and the backtick that old
 * browsers read as a quote: each replaced by its entity, so nothing a person, Notion or an integration sends can
 * become markup (SECURITY: pages).
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Text made safe for HTML element content and quoted attribute values. Anything that is not a string is
 * converted with `String()` first.
 *
 * @example
 * escapeHtml(`<a href="x" onclick='y'>&`) // '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;'
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (char) => ENTITIES[char]!);
}
