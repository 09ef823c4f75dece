import { z } from 'zod';
import type { Person } from '../runtime/people.js';

const personField = z.object({ person: z.enum(['ada', 'ben']).optional() });

/**
 * The `person` a control-API query or body names (`?person=ada`, `{"person": "ben"}`), or undefined when it
 * names none or one that does not exist: the routes then mean everyone, or the default person.
 *
 * @example
 * requestedPerson({ person: 'ben' }); // 'ben'
 * requestedPerson({ person: 'eve' }); // undefined
 */
export function requestedPerson(input: unknown): Person['id'] | undefined {
  const parsed = personField.safeParse(input);
  return parsed.success ? parsed.data.person : undefined;
}
