import type { Attribute, UnfurlErrorValue } from '../attributes/attribute.js';

/**
 * `{uri, operations}`: the body of an Unfurl Callback answer (SPEC §3) and of `PATCH /v1/external/object`
 * (SPEC §4). One shape, so one builder and one validator serve the server, the emulator and the checker.
 */
export type AttributesOperation = { path: ['attributes']; set: Attribute[] };
export type ErrorOperation = { path: ['error']; set: UnfurlErrorValue };
export type Operation = AttributesOperation | ErrorOperation;

export interface UnfurlObject {
  uri: string;
  operations: Operation[];
}

/**
 * The operation that replaces a preview's whole attribute set.
 * @example attributesOperation([title('Fix login bug'), dev('Acme Inc')])
 */
export function attributesOperation(set: Attribute[]): AttributesOperation {
  return { path: ['attributes'], set };
}

/**
 * The operation that shows an error instead of (or over) the preview.
 * @example errorOperation(404, 'Content not found')
 */
export function errorOperation(status: number, message: string): ErrorOperation {
  return { path: ['error'], set: { status, message } };
}

/**
 * @example unfurlObject('https://acme.com/items/1', [errorOperation(403, 'You cannot see this item')])
 */
export function unfurlObject(uri: string, operations: Operation[]): UnfurlObject {
  return { uri, operations };
}

/**
 * The JSON text of `unfurlObject(uri, [attributesOperation(set)])`, given the text of `set`: the server keeps the
 * text of an attribute set it validated once (`validateForSending`) and answers with it, instead of serialising
 * the same attributes on every unfurl. Same bytes as `JSON.stringify` of the object (a property test holds it).
 *
 * @example attributesAnswerJson('https://acme.com/items/1', JSON.stringify([title('Fix login bug')]))
 */
export function attributesAnswerJson(uri: string, setJson: string): string {
  return `{"uri":${JSON.stringify(uri)},"operations":[{"path":["attributes"],"set":${setJson}}]}`;
}
